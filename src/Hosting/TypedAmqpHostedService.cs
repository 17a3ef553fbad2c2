using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// Connects at start-up (retrying while the broker is unreachable), declares the topology, then starts the consumers,
/// all through one <see cref="RecoveringMessaging"/>, which recovers the connection, topology and consumers when the
/// connection is lost (unless recovery is off). At shutdown it stops taking deliveries, lets in-flight handlers finish
/// (and ack) and outstanding publisher confirms arrive within the host's shutdown timeout, and closes the connection;
/// whatever could not finish is requeued by the broker when the channel closes.
/// </summary>
internal sealed partial class TypedAmqpHostedService(
    RunningOptions options, TypedAmqpBuilder builder, TypedAmqpRuntime runtime, IServiceProvider services, ILoggerFactory loggerFactory) : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("TypedAmqp.Hosting");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        TypedAmqpOptions initial = options.Initial;
        var messaging = new RecoveringMessaging(initial.ToConnectionOptions(), initial.ToRecoveryOptions(), loggerFactory)
        {
            PublisherConfirms = initial.PublisherConfirms,
            RunHandlersOnReaderThread = initial.RunHandlersOnReaderThread,
        };
        runtime.Attach(messaging);
        options.Reloaded += reloaded => ApplyReload(messaging, reloaded);
        await messaging.ConnectAsync(initial.ConnectRetryTimeout, cancellationToken).ConfigureAwait(false);
        foreach (TopologyDescription topology in builder.Topologies)
        {
            await messaging.DeclareAsync(topology, initial.Topology, cancellationToken).ConfigureAwait(false);
        }

        var consumers = new List<(ConsumerRegistration, RecoveringSubscription)>();
        foreach (ConsumerRegistration registration in builder.Consumers)
        {
            ILogger consumerLogger = loggerFactory.CreateLogger("TypedAmqp.Consumers." + registration.Name);
            RecoveringSubscription consumer = await messaging.SubscribeAsync(
                registration.Queue, registration.Prefetch, registration.Concurrency,
                (delivery, token) => registration.Dispatch(services, consumerLogger, delivery, token), cancellationToken).ConfigureAwait(false);
            consumers.Add((registration, consumer));
            LogConsumerStarted(_logger, registration.Name, consumer.Queue, registration.Prefetch, registration.Concurrency);
        }

        runtime.Consumers = consumers;
    }

    /// <summary>Connection settings apply from the next connection, recovery settings at once; recovery stays on or off.</summary>
    private static void ApplyReload(RecoveringMessaging messaging, TypedAmqpOptions reloaded)
    {
        messaging.ConnectionOptions = reloaded.ToConnectionOptions();
        if (messaging.Recovery is not null && reloaded.ToRecoveryOptions() is { } recovery) messaging.Recovery = recovery;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        runtime.MarkStopping();
        if (runtime.MessagingOrNull is { } messaging) await messaging.CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(200, LogLevel.Information, "Consumer {Consumer} started on queue {Queue} (prefetch {Prefetch}, concurrency {Concurrency})")]
    private static partial void LogConsumerStarted(ILogger logger, string consumer, string queue, ushort prefetch, int concurrency);
}
