using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// Connects at start-up (retrying while the broker is unreachable), declares the topology, then starts the consumers,
/// all through one <see cref="IMessagingTransport"/> made by the registered <see cref="IMessagingTransportFactory"/>
/// (by default AMQP 0-9-1, which recovers the connection, topology and consumers when the connection is lost, unless
/// recovery is off). At shutdown it stops taking deliveries, lets in-flight handlers finish
/// (and ack) and outstanding publisher confirms arrive within the host's shutdown timeout, and closes the connection;
/// whatever could not finish is requeued by the broker when the channel closes.
/// </summary>
internal sealed partial class TypedAmqpHostedService(
    RunningOptions options, TypedAmqpBuilder builder, TypedAmqpRuntime runtime, IMessagingTransportFactory transports, IServiceProvider services, ILoggerFactory loggerFactory)
    : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("TypedAmqp.Hosting");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        TypedAmqpOptions initial = options.Initial;
        IMessagingTransport messaging = transports.Create(initial, loggerFactory);
        runtime.Attach(messaging);
        options.Reloaded += reloaded => transports.Reconfigure(messaging, reloaded);
        await messaging.ConnectAsync(initial.ConnectRetryTimeout, cancellationToken).ConfigureAwait(false);
        foreach (TopologyDescription topology in builder.Topologies)
        {
            await messaging.DeclareAsync(topology, initial.Topology, cancellationToken).ConfigureAwait(false);
        }

        var consumers = new List<(ConsumerRegistration, IRecoveringSubscription)>();
        foreach (ConsumerRegistration registration in builder.Consumers)
        {
            ILogger consumerLogger = loggerFactory.CreateLogger("TypedAmqp.Consumers." + registration.Name);
            IRecoveringSubscription consumer = await messaging.SubscribeAsync(
                registration.Queue, registration.Prefetch, registration.Concurrency,
                (delivery, token) => registration.Dispatch(services, consumerLogger, delivery, token), cancellationToken).ConfigureAwait(false);
            consumers.Add((registration, consumer));
            LogConsumerStarted(_logger, registration.Name, consumer.Queue, registration.Prefetch, registration.Concurrency);
        }

        runtime.Consumers = consumers;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        runtime.MarkStopping();
        if (runtime.MessagingOrNull is { } messaging) await messaging.CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(200, LogLevel.Information, "Consumer {Consumer} started on queue {Queue} (prefetch {Prefetch}, concurrency {Concurrency})")]
    private static partial void LogConsumerStarted(ILogger logger, string consumer, string queue, ushort prefetch, int concurrency);
}
