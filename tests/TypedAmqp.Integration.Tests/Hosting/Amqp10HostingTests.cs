using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using TypedAmqp.Amqp10;
using TypedAmqp.Generated;
using TypedAmqp.Hosting;
using TypedAmqp.Amqp091;
using TypedAmqp.Integration.Amqp10;
using TypedAmqp.Integration.Chaos;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Hosting;

/// <summary>
/// A host with <c>TypedAmqp:Protocol=Amqp10</c> against RabbitMQ 4: the generated parcel contract's topology declared,
/// its generated consumer run, an injected generated publisher publishing, health, a clean stop, a lost connection,
/// server-named queues.
/// </summary>
[Collection(SharedQueues)]
public sealed class Amqp10HostingTests
{
    /// <summary>
    /// This class and those whose queues it consumes (<see cref="Amqp10MessagingTests"/>'s parcels,
    /// <see cref="ServerNamedQueueTests"/>'s name probes) run one at a time, so no consumer takes another's messages.
    /// </summary>
    public const string SharedQueues = "queues shared with the AMQP 1.0 host";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>What the scoped handlers saw, shared through a singleton.</summary>
    public sealed class ParcelLog
    {
        public ConcurrentQueue<(ParcelSent Parcel, string RoutingKey, string? MessageType, string? CorrelationId, object? Source)> Received { get; } = new();

        public SemaphoreSlim Arrived { get; } = new(0);
    }

    public sealed class LoggingInbox(ParcelLog log) : IParcelInbox
    {
        public ValueTask Handle(ParcelSent parcel, MessageContext context, CancellationToken cancellationToken)
        {
            log.Received.Enqueue((parcel, context.RoutingKey, context.MessageType, context.Properties.CorrelationId, context.Headers?.GetValueOrDefault("source")));
            log.Arrived.Release();
            return ValueTask.CompletedTask;
        }
    }

    private static IHost BuildHost(ParcelLog log, string clientName, string? uri = null, Dictionary<string, string?>? settings = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:amqp"] = uri ?? Broker.Uri,
            ["TypedAmqp:Protocol"] = "Amqp10",
            ["TypedAmqp:ClientName"] = clientName,
            ["TypedAmqp:ConnectRetrySeconds"] = "5",
        };
        foreach ((string key, string? value) in settings ?? []) values[key] = value;
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddSingleton(log);
        builder.Services.AddTypedAmqp(builder.Configuration)
            .AddTopology(Amqp10MessagingTests.ParcelTopology)
            .AddPublisher<IParcelFeed>(publisher => publisher.CreateParcelFeedPublisher())
            .AddParcelInbox<LoggingInbox>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        return builder.Build();
    }

    [RabbitMq4Fact]
    public async Task A_host_over_AMQP_1_0_declares_consumes_publishes_reports_healthy_and_stops_cleanly()
    {
        var log = new ParcelLog();
        using IHost host = BuildHost(log, $"amqp10-host-{Guid.NewGuid():N}");
        await host.StartAsync().WaitAsync(Timeout);

        TypedAmqpRuntime runtime = host.Services.GetRequiredService<TypedAmqpRuntime>();
        var transport = Assert.IsType<Amqp10MessagingTransport>(runtime.Transport);
        (ConsumerRegistration registration, IRecoveringSubscription consumer) = Assert.Single(runtime.Consumers);
        Assert.Equal(("IParcelInbox", "typedamqp.it.amqp10.parcels.inbox", SubscriptionState.Running), (registration.Name, consumer.Queue, consumer.State));
        HealthCheckResult health = await host.Services.GetRequiredService<TypedAmqpHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Contains("with 1 consumer(s)", health.Description, StringComparison.Ordinal);

        IParcelFeed feed = host.Services.GetRequiredService<IParcelFeed>();
        var parcel = new ParcelSent(Guid.NewGuid(), "nl", 4);
        await feed.Sent(parcel, new PublishOptions { CorrelationId = "host-corr-1", Headers = new() { ["source"] = "amqp10-host" } }).AsTask().WaitAsync(Timeout);
        Assert.True(await log.Arrived.WaitAsync(Timeout), "the hosted consumer did not receive the published parcel");
        Assert.Equal((parcel, "parcel.sent.nl", "it.amqp10.parcel-sent", "host-corr-1", (object?)"amqp10-host"), Assert.Single(log.Received));

        await host.StopAsync().WaitAsync(Timeout);

        Assert.Equal(ConsumerStopReason.CancelledByClient, await consumer.Stopped.WaitAsync(Timeout));
        Assert.Equal(SubscriptionState.Stopped, consumer.State);
        Assert.Null(consumer.LastError);
        Assert.Equal(new TransportStatus(true, false, false, transport.Status.Endpoint, "closed by the application"), transport.Status);
        Assert.Null(transport.Messaging!.Connection.Failure);
        Amqp10ClosedException closed = await Assert.ThrowsAsync<Amqp10ClosedException>(() => feed.Sent(parcel).AsTask());
        Assert.Contains("closed by the application", closed.Message, StringComparison.Ordinal);
    }

    [RabbitMq4Fact]
    public async Task A_host_over_AMQP_1_0_with_an_amqps_uri_connects_over_tls_trusting_the_configured_ca_and_publishes_and_consumes()
    {
        var log = new ParcelLog();
        using IHost host = BuildHost(log, $"amqp10-host-tls-{Guid.NewGuid():N}", $"amqps://guest:guest@localhost:{Broker.TlsPort}/", new()
        {
            ["TypedAmqp:Tls:CaCertificatePath"] = Path.Combine(Broker.TlsDirectory, "ca.pem"),
        });
        await host.StartAsync().WaitAsync(Timeout);

        var transport = Assert.IsType<Amqp10MessagingTransport>(host.Services.GetRequiredService<TypedAmqpRuntime>().Transport);
        Assert.Equal($"localhost:{Broker.TlsPort}", transport.Status.Endpoint);
        var parcel = new ParcelSent(Guid.NewGuid(), "be", 2);
        await host.Services.GetRequiredService<IParcelFeed>().Sent(parcel).AsTask().WaitAsync(Timeout);
        Assert.True(await log.Arrived.WaitAsync(Timeout), "the hosted consumer did not receive the parcel published over TLS");
        Assert.Equal(parcel, Assert.Single(log.Received).Parcel);
        await host.StopAsync().WaitAsync(Timeout);
    }

    [RabbitMq4Fact]
    public async Task An_amqps_host_over_AMQP_1_0_that_does_not_trust_the_broker_certificate_fails_to_start_naming_the_endpoint()
    {
        using IHost host = BuildHost(new ParcelLog(), $"amqp10-host-untrusted-{Guid.NewGuid():N}", $"amqps://guest:s3cret@localhost:{Broker.TlsPort}/", new()
        {
            ["TypedAmqp:ConnectRetrySeconds"] = "0",
        });

        AmqpTlsException refused = await Assert.ThrowsAsync<AmqpTlsException>(() => host.StartAsync().WaitAsync(Timeout));
        Assert.Contains($"localhost:{Broker.TlsPort}", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", refused.ToString(), StringComparison.Ordinal);
    }

    [RabbitMq4Fact]
    public async Task A_lost_AMQP_1_0_connection_is_recovered_the_consumer_resumes_health_returns_and_publishes_made_at_once_arrive()
    {
        AmqpConnectionOptions broker = Broker.Options();
        await using var proxy = new BlackHoleProxy(broker.Host, broker.EffectivePort);
        var log = new ParcelLog();
        using IHost host = BuildHost(log, $"amqp10-host-recovered-{Guid.NewGuid():N}", $"amqp://{broker.UserName}:{broker.Password}@127.0.0.1:{proxy.Port}/");
        await host.StartAsync().WaitAsync(Timeout);
        TypedAmqpRuntime runtime = host.Services.GetRequiredService<TypedAmqpRuntime>();
        IRecoveringSubscription consumer = Assert.Single(runtime.Consumers).Consumer;
        TypedAmqpHealthCheck check = host.Services.GetRequiredService<TypedAmqpHealthCheck>();
        IParcelFeed feed = host.Services.GetRequiredService<IParcelFeed>();
        var before = new ParcelSent(Guid.NewGuid(), "nl", 1);
        await feed.Sent(before).AsTask().WaitAsync(Timeout);
        Assert.True(await log.Arrived.WaitAsync(Timeout), "the parcel sent before the loss did not arrive");

        Amqp10Messaging first = Assert.IsType<Amqp10MessagingTransport>(runtime.Transport).Messaging!;
        Assert.Equal(1, proxy.Drop());
        await Eventually.AssertAsync(() => first.Connection.IsStopped, Timeout);
        // Made as soon as the loss is known: it waits for the recovered connection (or goes out on it) instead of failing.
        var during = new ParcelSent(Guid.NewGuid(), "be", 2);
        await feed.Sent(during).AsTask().WaitAsync(Timeout);
        await Eventually.AssertAsync(() => log.Received.Any(r => r.Parcel == during), Timeout);

        await Eventually.AssertAsync(() => consumer.State == SubscriptionState.Running, Timeout);
        Assert.False(consumer.Stopped.IsCompleted);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        var after = new ParcelSent(Guid.NewGuid(), "de", 3);
        await feed.Sent(after).AsTask().WaitAsync(Timeout);
        await Eventually.AssertAsync(() => log.Received.Any(r => r.Parcel == after), Timeout);

        // At least once: the accept of "before" may have been cut off with the connection, and then it came again.
        ParcelSent[] received = log.Received.Select(r => r.Parcel).ToArray();
        Assert.Equal([before, during, after], received.Distinct().ToArray());
        Assert.All(received.GroupBy(p => p).Where(g => g.Count() > 1), g => Assert.Equal(before, g.Key));

        await host.StopAsync().WaitAsync(Timeout);
        Assert.Equal(ConsumerStopReason.CancelledByClient, await consumer.Stopped.WaitAsync(Timeout));
    }

    [RabbitMq4Fact]
    public async Task After_a_broker_restart_over_AMQP_1_0_the_lost_queue_is_declared_again_and_the_consumer_gets_what_is_published()
    {
        await using PrivateBroker node = await PrivateBroker.StartAsync("amqp10-host-restart", 5696);
        var log = new ParcelLog();
        using IHost host = BuildHost(log, $"amqp10-host-restart-{Guid.NewGuid():N}", node.Uri, new Dictionary<string, string?> { ["TypedAmqp:RecoveryMaxDelaySeconds"] = "1" });
        await host.StartAsync().WaitAsync(Timeout);
        TypedAmqpRuntime runtime = host.Services.GetRequiredService<TypedAmqpRuntime>();
        IRecoveringSubscription consumer = Assert.Single(runtime.Consumers).Consumer;
        TypedAmqpHealthCheck check = host.Services.GetRequiredService<TypedAmqpHealthCheck>();
        IParcelFeed feed = host.Services.GetRequiredService<IParcelFeed>();

        await node.StopAsync();
        await Eventually.AssertAsync(() => consumer.State == SubscriptionState.Recovering, Timeout);
        HealthCheckResult down = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains("Reconnecting", down.Description, StringComparison.Ordinal);
        await node.StartAgainAsync();

        // The inbox is not durable: the restarted node lost it, and the consumer can only run once it is declared again.
        await Eventually.AssertAsync(() => consumer.State == SubscriptionState.Running, TimeSpan.FromSeconds(60));
        var parcel = new ParcelSent(Guid.NewGuid(), "fr", 7);
        await feed.Sent(parcel).AsTask().WaitAsync(Timeout);
        await Eventually.AssertAsync(() => log.Received.Any(r => r.Parcel == parcel), Timeout);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        await host.StopAsync().WaitAsync(Timeout);
    }

    [RabbitMq4Fact]
    public async Task A_transport_disposed_while_it_recovers_stops_its_subscriptions_and_fails_a_waiting_publish()
    {
        AmqpConnectionOptions broker = Broker.Options();
        var proxy = new BlackHoleProxy(broker.Host, broker.EffectivePort);
        var transport = new Amqp10MessagingTransport(new Amqp10MessagingOptions
        {
            Host = "127.0.0.1", Port = proxy.Port, UserName = broker.UserName, Password = broker.Password, AllowPlainWithoutTls = true,
            Recovery = new RecoveryOptions { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(5) },
        });
        await transport.ConnectAsync(TimeSpan.Zero, CancellationToken.None).AsTask().WaitAsync(Timeout);
        await transport.DeclareAsync(Amqp10MessagingTests.ParcelTopology).AsTask().WaitAsync(Timeout);
        IRecoveringSubscription subscription = await transport.SubscribeAsync(
            "typedamqp.it.amqp10.parcels.inbox", 5, 1, (_, _) => ValueTask.CompletedTask, CancellationToken.None).AsTask().WaitAsync(Timeout);

        await proxy.DisposeAsync(); // nothing listens any more: recovery waits between failed attempts
        await Eventually.AssertAsync(() => subscription.State == SubscriptionState.Recovering, Timeout);
        Task<DeclaredTopology> waiting = transport.DeclareAsync(Amqp10MessagingTests.ParcelTopology).AsTask();
        await transport.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(ConsumerStopReason.ChannelClosed, await subscription.Stopped.WaitAsync(Timeout));
        Assert.Equal(SubscriptionState.Stopped, subscription.State);
        await Assert.ThrowsAsync<Amqp10ClosedException>(() => waiting.WaitAsync(Timeout));
    }

    [RabbitMq4Fact]
    public async Task With_resending_on_publishes_lost_with_the_AMQP_1_0_connection_are_sent_again_with_their_message_ids_and_all_arrive()
    {
        AmqpConnectionOptions broker = Broker.Options();
        await using var proxy = new BlackHoleProxy(broker.Host, broker.EffectivePort);
        using var logs = new RecordingLoggerProvider();
        await using var transport = new Amqp10MessagingTransport(
            new Amqp10MessagingOptions
            {
                Host = "127.0.0.1", Port = proxy.Port, UserName = broker.UserName, Password = broker.Password, AllowPlainWithoutTls = true,
                Recovery = new RecoveryOptions { ResendUnconfirmedPublishes = true, MaxDelay = TimeSpan.FromMilliseconds(200) },
            },
            logs.CreateLogger("resend"));
        await transport.ConnectAsync(TimeSpan.Zero, CancellationToken.None).AsTask().WaitAsync(Timeout);
        string queue = Broker.UniqueName("amqp10.resent");
        await transport.DeclareAsync(new TopologyDescription([], [new QueueDeclaration(queue, Durable: false, AutoDelete: false, Arguments: new Dictionary<string, object?> { ["x-expires"] = 60_000 })], []))
            .AsTask().WaitAsync(Timeout);
        Task Publish(ParcelSent parcel) =>
            transport.PublishAsync(MessageAddress.Queue(queue), Amqp10MessagingTests.ParcelSentDescriptor, parcel, null, CancellationToken.None).AsTask();

        ParcelSent[] before = [.. Enumerable.Range(0, 50).Select(i => new ParcelSent(Guid.NewGuid(), "nl", i))];
        await Task.WhenAll(before.Select(Publish)).WaitAsync(Timeout);
        ParcelSent[] inFlight = [.. Enumerable.Range(0, 200).Select(i => new ParcelSent(Guid.NewGuid(), "be", i))];
        Task[] publishing = [.. inFlight.Select(Publish)];
        Assert.Equal(1, proxy.Drop()); // while they wait for their outcomes (or to be written)

        // Without resending, those written fail with Amqp10OutcomeUnknownException.
        await Task.WhenAll(publishing).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains(logs.Messages, m => m.Contains("sending it again once recovered", StringComparison.Ordinal));

        await using AmqpConnection classic = await Broker.ConnectAsync("amqp10-resend-check");
        await using AmqpChannel channel = await classic.OpenChannelAsync();
        var copies = new List<(Guid Parcel, string? MessageId)>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } got)
        {
            var parcel = System.Text.Json.JsonSerializer.Deserialize(got.Body.Span, Typed.IntegrationJson.Default.ParcelSent)!;
            copies.Add((parcel.Id, got.Properties.MessageId));
        }

        // At least once: every parcel arrived, a resent one perhaps twice, and every copy of a parcel carries its one id.
        Assert.Equal(before.Concat(inFlight).Select(p => p.Id).Order(), copies.Select(c => c.Parcel).Distinct().Order());
        Assert.All(copies.GroupBy(c => c.Parcel), g => Assert.NotNull(Assert.Single(g.Select(c => c.MessageId).Distinct())));
        Assert.Equal(before.Length + inFlight.Length, copies.Select(c => c.MessageId).Distinct().Count());
        await channel.QueueDeleteAsync(queue);
    }

    [RabbitMq4Fact]
    public async Task An_endpoint_resolver_that_fails_during_recovery_is_asked_again_and_the_connection_recovers()
    {
        AmqpConnectionOptions broker = Broker.Options();
        await using var proxy = new BlackHoleProxy(broker.Host, broker.EffectivePort);
        int calls = 0;
        ValueTask<IReadOnlyList<AmqpEndpoint>> Resolve(CancellationToken _) =>
            Interlocked.Increment(ref calls) == 2
                ? throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound) // the registry's DNS name, once
                : new ValueTask<IReadOnlyList<AmqpEndpoint>>([new AmqpEndpoint("127.0.0.1", proxy.Port)]);
        await using var transport = new Amqp10MessagingTransport(new Amqp10MessagingOptions
        {
            Host = "unused.invalid", UserName = broker.UserName, Password = broker.Password, AllowPlainWithoutTls = true, EndpointResolver = Resolve,
            Recovery = new RecoveryOptions { MaxDelay = TimeSpan.FromMilliseconds(200) },
        });
        await transport.ConnectAsync(TimeSpan.Zero, CancellationToken.None).AsTask().WaitAsync(Timeout);
        Amqp10Messaging first = transport.Messaging!;

        Assert.Equal(1, proxy.Drop());

        // Before, the resolver's exception was taken for a defect: recovery stopped for good.
        await Eventually.AssertAsync(() => transport.Messaging != first && transport.Status.IsOpen, Timeout);
        Assert.True(Volatile.Read(ref calls) >= 3, $"the resolver was called {calls} times");
        await transport.DeclareAsync(Amqp10MessagingTests.ParcelTopology).AsTask().WaitAsync(Timeout);
    }

    [RabbitMq4Fact]
    public async Task With_recovery_off_a_lost_AMQP_1_0_connection_stops_the_consumer_with_the_reason_health_says_so_and_publishes_fail()
    {
        AmqpConnectionOptions broker = Broker.Options();
        await using var proxy = new BlackHoleProxy(broker.Host, broker.EffectivePort);
        var log = new ParcelLog();
        using IHost host = BuildHost(
            log, $"amqp10-host-lost-{Guid.NewGuid():N}", $"amqp://{broker.UserName}:{broker.Password}@127.0.0.1:{proxy.Port}/",
            new Dictionary<string, string?> { ["TypedAmqp:Recovery"] = "false" });
        await host.StartAsync().WaitAsync(Timeout);
        TypedAmqpRuntime runtime = host.Services.GetRequiredService<TypedAmqpRuntime>();
        IRecoveringSubscription consumer = Assert.Single(runtime.Consumers).Consumer;
        TypedAmqpHealthCheck check = host.Services.GetRequiredService<TypedAmqpHealthCheck>();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        Assert.Equal(1, proxy.Drop());

        Assert.Equal(ConsumerStopReason.ChannelClosed, await consumer.Stopped.WaitAsync(Timeout));
        Assert.Equal(SubscriptionState.Stopped, consumer.State);
        Assert.IsType<Amqp10ClosedException>(consumer.LastError);
        HealthCheckResult health = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("Recovery is off", health.Description, StringComparison.Ordinal);
        IParcelFeed feed = host.Services.GetRequiredService<IParcelFeed>();
        Amqp10ClosedException refused = await Assert.ThrowsAsync<Amqp10ClosedException>(() => feed.Sent(new ParcelSent(Guid.NewGuid(), "nl", 1)).AsTask().WaitAsync(Timeout));
        Assert.Contains("was lost and recovery is off", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(broker.Password, refused.Message + health.Description, StringComparison.Ordinal);

        await host.StopAsync().WaitAsync(Timeout); // nothing left to close cleanly: stopping still completes
    }

    [RabbitMq4Fact]
    public async Task Consumers_of_server_named_queues_reach_the_names_given_when_declared_over_AMQP_1_0()
    {
        var log = new ServerNamedQueueTests.ProbeLog();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:amqp"] = Broker.Uri,
            ["TypedAmqp:Protocol"] = "Amqp10",
        });
        builder.Services.AddSingleton(log);
        builder.Services.AddTypedAmqp(builder.Configuration)
            .AddTopology(new TopologyDescription(
                MessagingTopology.Description.Exchanges.Where(e => e.Name == "typedamqp.it.names").ToArray(),
                MessagingTopology.Description.Queues.Where(q => q.Name == "typedamqp.it.names.named" || q.Reference.Contains("ServerNamed", StringComparison.Ordinal)).ToArray(),
                MessagingTopology.Description.Bindings.Where(b => b.Source == "typedamqp.it.names").ToArray()))
            .AddPublisher<INameProbes>(publisher => publisher.CreateNameProbesPublisher())
            .AddFirstServerNamed<ServerNamedQueueTests.First>()
            .AddSecondServerNamed<ServerNamedQueueTests.Second>()
            .AddNamedProbeQueue<ServerNamedQueueTests.Named>();
        using IHost host = builder.Build();
        await host.StartAsync().WaitAsync(Timeout);
        INameProbes probes = host.Services.GetRequiredService<INameProbes>();

        await probes.ToFirst(new NameProbe("first", 1)).AsTask().WaitAsync(Timeout);
        await probes.ToSecond(new NameProbe("second", 1)).AsTask().WaitAsync(Timeout);
        await probes.ToNamed(new NameProbe("named", 1)).AsTask().WaitAsync(Timeout);
        for (int i = 0; i < 3; i++) Assert.True(await log.Arrived.WaitAsync(Timeout), $"only {i} of 3 probes arrived");
        await host.StopAsync().WaitAsync(Timeout);

        Assert.Equal(["first", "named", "second"], log.Received.Select(r => r.Queue).Order());
        Assert.All(log.Received, r => Assert.Equal(r.Probe.Target, r.Queue));
        Assert.All(host.Services.GetRequiredService<TypedAmqpRuntime>().Consumers.Take(2), c => Assert.StartsWith("typedamqp.gen-", c.Consumer.Queue, StringComparison.Ordinal));
    }
}
