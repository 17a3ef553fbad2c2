using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Hosting;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Hosting;

/// <summary>Server-named queues resolved end to end: bindings and consumers use the names the broker gave, again after a reconnect.</summary>
[Collection(Amqp10HostingTests.SharedQueues)] // its named queue is consumed over AMQP 1.0 there too
public sealed class ServerNamedQueueTests
{
    /// <summary>Each handler records which queue (by contract) received which probe.</summary>
    public sealed class ProbeLog
    {
        public ConcurrentQueue<(string Queue, NameProbe Probe, string RoutingKey)> Received { get; } = new();

        public SemaphoreSlim Arrived { get; } = new(0);

        public void Add(string queue, NameProbe probe, MessageContext context)
        {
            Received.Enqueue((queue, probe, context.RoutingKey));
            Arrived.Release();
        }
    }

    public sealed class First(ProbeLog log) : IFirstServerNamed
    {
        public ValueTask Handle(NameProbe probe, MessageContext context, CancellationToken cancellationToken) { log.Add("first", probe, context); return ValueTask.CompletedTask; }
    }

    public sealed class Second(ProbeLog log) : ISecondServerNamed
    {
        public ValueTask Handle(NameProbe probe, MessageContext context, CancellationToken cancellationToken) { log.Add("second", probe, context); return ValueTask.CompletedTask; }
    }

    public sealed class Named(ProbeLog log) : INamedProbeQueue
    {
        public ValueTask Handle(NameProbe probe, MessageContext context, CancellationToken cancellationToken) { log.Add("named", probe, context); return ValueTask.CompletedTask; }
    }

    [BrokerFact]
    public async Task Two_server_named_queues_beside_a_named_one_each_get_their_own_messages_before_and_after_a_reconnect()
    {
        string name = "server-named-" + Guid.NewGuid().ToString("N");
        var log = new ProbeLog();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:amqp"] = Broker.Uri,
            ["TypedAmqp:ClientName"] = name,
            ["TypedAmqp:RecoveryInitialDelaySeconds"] = "0.2",
        });
        builder.Services.AddSingleton(log);
        builder.Services.AddTypedAmqp(builder.Configuration)
            .AddGeneratedContracts()
            .AddFirstServerNamed<First>()
            .AddSecondServerNamed<Second>()
            .AddNamedProbeQueue<Named>();
        using IHost host = builder.Build();
        await host.StartAsync();
        INameProbes probes = host.Services.GetRequiredService<INameProbes>();

        await SendRoundAsync(probes, log, round: 1);

        AmqpConnection first = host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()!;
        await BrokerControl.ForceCloseConnectionAsync(name, "new names, please");
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        for (int attempt = 0; attempt < 200 && ReferenceEquals(first, host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()); attempt++) await Task.Delay(50);
        Assert.NotSame(first, host.Services.GetRequiredService<TypedAmqpRuntime>().Connection());

        // Consumers may still be starting on the new connection; resend the round until each queue has its probe.
        await SendRoundAsync(probes, log, round: 2);
        await host.StopAsync();

        foreach ((string queue, NameProbe probe, string routingKey) in log.Received)
        {
            Assert.True(queue == probe.Target, $"queue {queue} received a probe meant for {probe.Target} (key {routingKey}, round {probe.Round})");
        }
    }

    private static async Task SendRoundAsync(INameProbes probes, ProbeLog log, int round)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Targets().All(t => log.Received.Any(r => r.Queue == t && r.Probe.Round == round)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"round {round}: only {string.Join(", ", log.Received.Where(r => r.Probe.Round == round).Select(r => r.Queue).Distinct())} received their probes");
            await probes.ToFirst(new NameProbe("first", round));
            await probes.ToSecond(new NameProbe("second", round));
            await probes.ToNamed(new NameProbe("named", round));
            await log.Arrived.WaitAsync(TimeSpan.FromMilliseconds(500));
        }

        static string[] Targets() => ["first", "second", "named"];
    }
}
