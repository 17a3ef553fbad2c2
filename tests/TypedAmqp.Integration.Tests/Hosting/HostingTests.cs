using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Hosting;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Hosting;

/// <summary>TypedAmqp in a Generic Host against the real broker: registration, start-up, scoped handlers, graceful shutdown, health.</summary>
[Collection(JobQueueCollection)]
public sealed class HostingTests
{
    /// <summary>Test classes whose hosts consume the shared job queue run one at a time, so no host takes another's jobs.</summary>
    public const string JobQueueCollection = "job queue";

    /// <summary>What the scoped workers saw, shared through a singleton.</summary>
    public sealed class JobLog
    {
        public ConcurrentQueue<(int Number, int Scope)> Handled { get; } = new();

        public int Started;

        public SemaphoreSlim Progress { get; } = new(0);
    }

    /// <summary>A handler resolved per message: each instance counts as one scope.</summary>
    public sealed class JobWorker(JobLog log) : IJobWorker
    {
        private static int s_instances;
        private readonly int _scope = Interlocked.Increment(ref s_instances);

        public async ValueTask Handle(Job job, MessageContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref log.Started);
            log.Progress.Release();
            await Task.Delay(job.DelayMilliseconds, CancellationToken.None);
            log.Handled.Enqueue((job.Number, _scope));
        }
    }

    /// <summary>A host with the job contracts; <paramref name="settings"/> add to or override the configuration.</summary>
    internal static IHost BuildHost(JobLog log, string clientName = "hosting-tests", bool recovery = true, IDictionary<string, string?>? settings = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:amqp"] = Broker.Uri,
            ["TypedAmqp:ClientName"] = clientName,
            ["TypedAmqp:RecoveryInitialDelaySeconds"] = "0.2",
            ["TypedAmqp:Recovery"] = recovery ? "true" : "false",
        };
        foreach ((string key, string? value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddSingleton(log);
        builder.Services.AddTypedAmqp(builder.Configuration)
            .AddGeneratedContracts()
            .AddJobWorker<JobWorker>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        return builder.Build();
    }

    [BrokerFact]
    public async Task Publishers_are_injected_and_handlers_run_in_their_own_scope_per_message()
    {
        var log = new JobLog();
        using IHost host = BuildHost(log);
        await host.StartAsync();

        IJobs jobs = host.Services.GetRequiredService<IJobs>();
        for (int i = 0; i < 6; i++) await jobs.Submit(new Job(i, 10));
        for (int i = 0; i < 6; i++) Assert.True(await log.Progress.WaitAsync(TimeSpan.FromSeconds(10)));
        await host.StopAsync();

        Assert.Equal(Enumerable.Range(0, 6), log.Handled.Select(h => h.Number).Order());
        Assert.Equal(6, log.Handled.Select(h => h.Scope).Distinct().Count());
    }

    [BrokerFact]
    public async Task Graceful_shutdown_finishes_and_acks_in_flight_messages_and_loses_none()
    {
        var log = new JobLog();
        using IHost host = BuildHost(log);
        await host.StartAsync();
        IJobs jobs = host.Services.GetRequiredService<IJobs>();
        for (int i = 0; i < 8; i++) await jobs.Submit(new Job(i, 400));
        Assert.True(await log.Progress.WaitAsync(TimeSpan.FromSeconds(10)));

        await host.StopAsync();

        // Everything that started was finished; everything else is still in the queue, nothing was lost.
        Assert.Equal(log.Started, log.Handled.Count);
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclarePassiveAsync("typedamqp.it.jobs.work");
        Assert.True(8 == log.Handled.Count + (int)queue.MessageCount, $"started {log.Started}, handled {log.Handled.Count}, left in the queue {queue.MessageCount}");
        Assert.Equal(0u, queue.ConsumerCount);
        await channel.QueuePurgeAsync("typedamqp.it.jobs.work");
    }

    [BrokerFact]
    public async Task The_health_check_reports_the_connection_and_turns_unhealthy_when_it_closes()
    {
        var log = new JobLog();
        using IHost host = BuildHost(log);
        var check = host.Services.GetRequiredService<TypedAmqpHealthCheck>();
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        await host.StartAsync();
        HealthCheckResult healthy = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Contains("1 consumer", healthy.Description);

        await host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()!.CloseAsync();
        HealthCheckResult unhealthy = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Contains("closed", unhealthy.Description);
        await host.StopAsync();
    }

    [BrokerFact]
    public async Task The_health_check_turns_unhealthy_when_the_broker_closes_the_connection()
    {
        string name = "hosting-health-" + Guid.NewGuid().ToString("N");
        using IHost host = BuildHost(new JobLog(), name, recovery: false);
        await host.StartAsync();
        var check = host.Services.GetRequiredService<TypedAmqpHealthCheck>();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        AmqpConnection connection = host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()!;

        await BrokerControl.ForceCloseConnectionAsync(name, "operator says goodbye");

        CloseReason reason = await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ReplyCode.ConnectionForced, reason.ReplyCode);
        Assert.Equal(CloseInitiator.Broker, reason.Initiator);
        HealthCheckResult result = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("operator says goodbye", result.Description);
        await host.StopAsync();
    }

    [BrokerFact]
    public async Task After_the_broker_drops_the_connection_the_host_recovers_and_injected_publishers_work_again()
    {
        string name = "hosting-recovery-" + Guid.NewGuid().ToString("N");
        var log = new JobLog();
        using IHost host = BuildHost(log, name);
        await host.StartAsync();
        var check = host.Services.GetRequiredService<TypedAmqpHealthCheck>();
        IJobs jobs = host.Services.GetRequiredService<IJobs>();
        AmqpConnection first = host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()!;

        await BrokerControl.ForceCloseConnectionAsync(name, "failover drill");
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        HealthStatus status = HealthStatus.Unhealthy;
        for (int attempt = 0; attempt < 150 && status != HealthStatus.Healthy; attempt++)
        {
            await Task.Delay(100);
            status = (await check.CheckHealthAsync(new HealthCheckContext())).Status;
        }

        Assert.Equal(HealthStatus.Healthy, status);
        Assert.NotSame(first, host.Services.GetRequiredService<TypedAmqpRuntime>().Connection());
        await jobs.Submit(new Job(99, 1));
        Assert.True(await log.Progress.WaitAsync(TimeSpan.FromSeconds(10)));
        await host.StopAsync();
        Assert.Contains(log.Handled, h => h.Number == 99);
    }

    [BrokerFact]
    public async Task A_publish_made_right_after_the_connection_drops_is_delivered_on_the_recovered_connection()
    {
        // The first reconnection attempt is immediate, so this publish meets either no connection or the new one;
        // BrokerOutageTests covers a publish made while the broker is really down.
        string name = "hosting-publish-wait-" + Guid.NewGuid().ToString("N");
        var log = new JobLog();
        using IHost host = BuildHost(log, name);
        await host.StartAsync();
        IJobs jobs = host.Services.GetRequiredService<IJobs>();
        AmqpConnection first = host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()!;

        await BrokerControl.ForceCloseConnectionAsync(name, "publish while down");
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(first.IsOpen);

        await jobs.Submit(new Job(7001, 1)).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(await log.Progress.WaitAsync(TimeSpan.FromSeconds(10)));
        await host.StopAsync();
        Assert.Contains(log.Handled, h => h.Number == 7001);
    }

    [BrokerFact]
    public async Task Publishes_in_flight_when_the_connection_drops_are_sent_again_and_none_is_lost()
    {
        string name = "hosting-publish-resend-" + Guid.NewGuid().ToString("N");
        var log = new JobLog();
        using IHost host = BuildHost(log, name, settings: Resending);
        await host.StartAsync();
        IJobs jobs = host.Services.GetRequiredService<IJobs>();
        var runtime = host.Services.GetRequiredService<TypedAmqpRuntime>();
        AmqpConnection first = runtime.Connection()!;

        // 32 publishers keep publishing while an operator drops the connection, until 500 more have gone out over
        // the recovered one. Every publish must succeed, and every job must reach the handler.
        int started = 0, completed = 0, completedAfterRecovery = 0;
        int inFlightAtDrop = -1;
        _ = first.Completion.ContinueWith(_ => inFlightAtDrop = Volatile.Read(ref started) - Volatile.Read(ref completed), TaskScheduler.Default);
        async Task PublishLoopAsync()
        {
            while (Volatile.Read(ref completedAfterRecovery) < 500)
            {
                int number = Interlocked.Increment(ref started);
                await jobs.Submit(new Job(10_000 + number, 0));
                Interlocked.Increment(ref completed);
                if (runtime.Connection() != first) Interlocked.Increment(ref completedAfterRecovery);
            }
        }

        Task[] publishers = Enumerable.Range(0, 32).Select(_ => Task.Run(PublishLoopAsync)).ToArray();
        while (Volatile.Read(ref completed) < 200) await Task.Delay(5);
        await BrokerControl.ForceCloseConnectionAsync(name, "drop while publishing");
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.WhenAll(publishers).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(inFlightAtDrop > 0, $"no publish was waiting for its confirm when the connection dropped ({inFlightAtDrop}); the test proves nothing");

        int total = Volatile.Read(ref started);
        Assert.Equal(total, completed);
        // The publishers run until the drop has been noticed and 500 more went out, which under load can be a hundred
        // thousand jobs; the claim is that none is lost, not how fast the consumer catches up, so it gets two minutes.
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromMinutes(2) && HandledJobs(log) < total;) await Task.Delay(100);
        await host.StopAsync();
        Assert.Equal(total, HandledJobs(log));

        // Copies sent twice (at least once) may still wait in the shared queue; later tests must not see them.
        await using AmqpConnection cleanup = await Broker.ConnectAsync();
        await using AmqpChannel channel = await cleanup.OpenChannelAsync();
        await channel.QueuePurgeAsync("typedamqp.it.jobs.work");
    }

    [BrokerFact]
    public async Task Publishes_with_templated_keys_resent_after_a_drop_each_arrive_with_their_own_key()
    {
        string name = "hosting-keyed-resend-" + Guid.NewGuid().ToString("N");
        using IHost host = BuildHost(new JobLog(), name, settings: Resending);
        await host.StartAsync();
        IKeyedJobs jobs = host.Services.GetRequiredService<IKeyedJobs>();
        var runtime = host.Services.GetRequiredService<TypedAmqpRuntime>();
        AmqpConnection first = runtime.Connection()!;

        // What arrives, read on a connection of its own that the drop below does not touch.
        var arrived = new ConcurrentQueue<(string RoutingKey, int Number)>();
        await using AmqpConnection observer = await Broker.ConnectAsync();
        await using AmqpChannel channel = await observer.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, "typedamqp.it.keyed-jobs", "keyed.#");
        await using AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName, (delivery, _) =>
        {
            using var body = System.Text.Json.JsonDocument.Parse(delivery.Body);
            arrived.Enqueue((delivery.RoutingKey, body.RootElement.GetProperty("Number").GetInt32()));
            return ValueTask.CompletedTask;
        }, new ConsumerOptions { AutoAck = true });

        // 32 publishers, each key different, keep publishing while the connection is dropped, until 300 more have been
        // confirmed over the recovered one. Publishes that wait for the recovery or are sent again resume after other
        // publishes on their thread have built their own keys in the same per-thread buffer.
        int started = 0, completedAfterRecovery = 0, inFlightAtDrop = -1, completed = 0;
        _ = first.Completion.ContinueWith(_ => inFlightAtDrop = Volatile.Read(ref started) - Volatile.Read(ref completed), TaskScheduler.Default);
        async Task PublishLoopAsync()
        {
            while (Volatile.Read(ref completedAfterRecovery) < 300)
            {
                await jobs.Submit(new KeyedJob(Interlocked.Increment(ref started)));
                Interlocked.Increment(ref completed);
                if (runtime.Connection() != first) Interlocked.Increment(ref completedAfterRecovery);
            }
        }

        Task[] publishers = Enumerable.Range(0, 32).Select(_ => Task.Run(PublishLoopAsync)).ToArray();
        while (Volatile.Read(ref completed) < 200) await Task.Delay(5);
        await BrokerControl.ForceCloseConnectionAsync(name, "drop keyed publishes");
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.WhenAll(publishers).WaitAsync(TimeSpan.FromSeconds(60));
        await host.StopAsync();
        Assert.True(inFlightAtDrop > 0, $"no publish was waiting for its confirm when the connection dropped ({inFlightAtDrop}); the test proves nothing");

        int total = Volatile.Read(ref started);
        for (int wait = 0; wait < 200 && arrived.Select(a => a.Number).Distinct().Count() < total; wait++) await Task.Delay(50);
        Assert.Equal(total, arrived.Select(a => a.Number).Distinct().Count()); // at least once each
        (string RoutingKey, int Number)[] wrong = arrived.Where(a => a.RoutingKey != $"keyed.{a.Number}").ToArray();
        Assert.True(wrong.Length == 0, $"{wrong.Length} of {arrived.Count} messages arrived with another message's key, e.g. {string.Join(", ", wrong.Take(5))}");
    }

    /// <summary>Publishes lost unconfirmed with a connection are sent again (the default fails them as outcome unknown).</summary>
    private static Dictionary<string, string?> Resending => new() { ["TypedAmqp:ResendUnconfirmedPublishes"] = "true" };

    private static int HandledJobs(JobLog log) => log.Handled.Select(h => h.Number).Where(n => n > 10_000).Distinct().Count();

    [BrokerFact]
    public async Task With_publisher_confirms_off_injected_publishers_still_deliver()
    {
        var log = new JobLog();
        using IHost host = BuildHost(log, "hosting-no-confirms", settings: new Dictionary<string, string?> { ["TypedAmqp:PublisherConfirms"] = "false" });
        await host.StartAsync();
        IJobs jobs = host.Services.GetRequiredService<IJobs>();
        for (int i = 0; i < 20; i++) await jobs.Submit(new Job(20_000 + i, 0));

        for (int wait = 0; wait < 100 && log.Handled.Count(h => h.Number >= 20_000) < 20; wait++) await Task.Delay(100);
        await host.StopAsync();
        Assert.Equal(Enumerable.Range(20_000, 20), log.Handled.Select(h => h.Number).Where(n => n >= 20_000).Order());
    }

    [Fact]
    public void Options_are_read_from_the_typed_amqp_section()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TypedAmqp:Uri"] = "amqp://u:p@broker:5673/v",
            ["TypedAmqp:ClientName"] = "orders-service",
            ["TypedAmqp:HeartbeatSeconds"] = "15",
            ["TypedAmqp:Topology"] = "verify",
            ["TypedAmqp:PublisherConfirms"] = "false",
            ["TypedAmqp:PublishRecoveryWaitSeconds"] = "2.5",
            ["TypedAmqp:RunHandlersOnReaderThread"] = "false",
            ["TypedAmqp:MaxMessageSize"] = "1048576",
            ["TypedAmqp:MaxUnconfirmedPublishes"] = "250",
        }).Build();

        TypedAmqpOptions options = TypedAmqpOptions.FromConfiguration(configuration);
        AmqpConnectionOptions connection = options.ToConnectionOptions();

        Assert.Equal(TopologyMode.Verify, options.Topology);
        Assert.False(options.PublisherConfirms);
        Assert.False(options.RunHandlersOnReaderThread);
        Assert.True(new TypedAmqpOptions().RunHandlersOnReaderThread);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.PublishRecoveryWait);
        Assert.Equal("orders-service", connection.ClientName);
        Assert.Equal(TimeSpan.FromSeconds(15), connection.Heartbeat);
        Assert.Equal(5673, connection.EffectivePort);
        Assert.Equal("v", connection.VirtualHost);
        Assert.Equal(1048576, connection.MaxMessageSize);
        Assert.Equal(250, connection.MaxUnconfirmedPublishes);
        Assert.Equal(10_000, new AmqpConnectionOptions().MaxUnconfirmedPublishes);
        Assert.Equal(AmqpConnectionOptions.DefaultMaxMessageSize, new TypedAmqpOptions { Uri = "amqp://localhost/" }.ToConnectionOptions().MaxMessageSize);
    }
}
