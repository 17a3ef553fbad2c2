using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedAmqp.Hosting;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Hosting;

/// <summary>
/// The host runs on whatever transport its registered <see cref="IMessagingTransportFactory"/> makes: it connects,
/// declares, subscribes, publishes, reports health and closes through <see cref="IMessagingTransport"/> alone. No
/// broker here: the transport is a recording one, so every call the host makes is seen.
/// </summary>
public sealed class TransportFactoryTests
{
    [Fact]
    public async Task The_host_connects_declares_subscribes_publishes_reports_and_closes_through_the_registered_transport()
    {
        var transport = new RecordingTransport();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IMessagingTransportFactory>(new OneTransportFactory(transport));
        var topology = new TopologyDescription([], [], []);
        builder.Services.AddTypedAmqp(new TypedAmqpOptions { Uri = "amqp://guest:guest@127.0.0.1:1/" })
            .AddTopology(topology)
            .AddConsumer<IRecorded, Recorded>("work", prefetch: 7, concurrency: 2, (handler, _, _) => (message, _) => handler.SeenAsync(message));

        using IHost host = builder.Build();
        await host.StartAsync();
        Assert.Same(transport, host.Services.GetRequiredService<TypedAmqpRuntime>().Transport);

        await host.Services.GetRequiredService<IMessagePublisher>().RepublishAsync("orders", "order.created", default, new Dictionary<string, object?>(), CancellationToken.None);
        HealthCheckResult health = await host.Services.GetRequiredService<TypedAmqpHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        transport.Status = transport.Status with { IsOpen = false, CloseReason = "the broker went away" };
        HealthCheckResult lost = await host.Services.GetRequiredService<TypedAmqpHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        await host.StopAsync();

        Assert.Equal(["connect", "declare 1 topology", "subscribe work prefetch 7 concurrency 2", "republish orders order.created", "close"], transport.Calls);
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Contains("recorded:1", health.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, lost.Status);
        Assert.Contains("the broker went away", lost.Description, StringComparison.Ordinal);
    }

    public interface IRecorded
    {
        ValueTask SeenAsync(ReceivedMessage message);
    }

    private sealed class Recorded : IRecorded
    {
        public ValueTask SeenAsync(ReceivedMessage message) => ValueTask.CompletedTask;
    }

    private sealed class OneTransportFactory(IMessagingTransport transport) : IMessagingTransportFactory
    {
        public IMessagingTransport Create(TypedAmqpOptions options, ILoggerFactory loggerFactory) => transport;

        public void Reconfigure(IMessagingTransport transport, TypedAmqpOptions reloaded)
        {
        }
    }

    private sealed class RecordingTransport : IMessagingTransport
    {
        private readonly ConcurrentQueue<string> _calls = new();

        public string[] Calls => [.. _calls];

        public TransportStatus Status { get; set; }

        public ValueTask ConnectAsync(TimeSpan retryFor, CancellationToken cancellationToken)
        {
            _calls.Enqueue("connect");
            Status = new TransportStatus(HasConnected: true, IsOpen: true, IsBlocked: false, Endpoint: "recorded:1", CloseReason: null);
            return ValueTask.CompletedTask;
        }

        public ValueTask<DeclaredTopology> DeclareAsync(TopologyDescription topology, TopologyMode mode = TopologyMode.Declare, CancellationToken cancellationToken = default)
        {
            _calls.Enqueue("declare 1 topology");
            return ValueTask.FromResult(DeclaredTopology.None);
        }

        public ValueTask<IRecoveringSubscription> SubscribeAsync(
            string queue, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
        {
            _calls.Enqueue($"subscribe {queue} prefetch {prefetch} concurrency {concurrency}");
            return ValueTask.FromResult<IRecoveringSubscription>(new RunningSubscription(queue));
        }

        public ValueTask RepublishAsync(string exchange, string routingKey, ReceivedMessage received, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken)
        {
            _calls.Enqueue($"republish {exchange} {routingKey}");
            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync(CancellationToken cancellationToken)
        {
            _calls.Enqueue("close");
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public ValueTask PublishAsync<TMessage>(
            ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
            PublishOptions? options, CancellationToken cancellationToken)
        {
            _calls.Enqueue($"publish {Encoding.UTF8.GetString(exchangeUtf8.Span)} {Encoding.UTF8.GetString(routingKeyUtf8.Span)}");
            return ValueTask.CompletedTask;
        }

        public ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
            ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
            MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken) =>
            throw new NotSupportedException("not recorded");

        public ValueTask ReplyAsync<TResponse>(
            string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, CancellationToken cancellationToken) =>
            throw new NotSupportedException("not recorded");
    }

    private sealed class RunningSubscription(string queue) : IRecoveringSubscription
    {
        private readonly TaskCompletionSource<ConsumerStopReason> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Queue => queue;

        public Task<ConsumerStopReason> Stopped => _stopped.Task;

        public SubscriptionState State => SubscriptionState.Running;

        public Exception? LastError => null;

        public ValueTask CancelAsync(CancellationToken cancellationToken = default)
        {
            _stopped.TrySetResult(ConsumerStopReason.CancelledByClient);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => CancelAsync();
    }
}
