using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Hosting;
using TypedAmqp.Integration.Hosting;
using Xunit.Abstractions;

namespace TypedAmqp.Integration.Clusters;

/// <summary>
/// The node a host is connected to is killed (SIGKILL) while it publishes persistent messages with confirms to a
/// quorum queue: the host fails over to another node of the cluster, and every publish that completed (was confirmed)
/// is in the queue afterwards. Lost, duplicated and failed counts are reported.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NodeKillTests(ITestOutputHelper output)
{
    private const int Messages = 20_000;
    private const int Publishers = 16;
    private const string Queue = "typedamqp.it.chaos.numbered";

    [BrokerTheory]
    [InlineData("3.10")]
    [InlineData("4.0")]
    public async Task Killing_the_connected_node_mid_publish_loses_no_confirmed_message(string version)
    {
        BrokerCluster cluster = await BrokerCluster.StartAsync(version);
        await DeclareQueueAsync(cluster);

        using IHost host = BuildHost(cluster);
        await host.StartAsync();
        TypedAmqpRuntime runtime = host.Services.GetRequiredService<TypedAmqpRuntime>();
        Assert.Contains($":{cluster.Endpoints[0].Port}/", runtime.Connection()!.Endpoint, StringComparison.Ordinal);
        IChaosPublisher publisher = host.Services.GetRequiredService<IChaosPublisher>();

        var confirmed = new ConcurrentBag<int>();
        var failed = new ConcurrentBag<(int Number, string Error)>();
        int next = -1;
        var clock = Stopwatch.StartNew();
        TimeSpan killedAt = TimeSpan.Zero;
        int confirmedBeforeKill = 0;
        Task[] publishing = [.. Enumerable.Range(0, Publishers).Select(_ => Task.Run(async () =>
        {
            for (int number = Interlocked.Increment(ref next); number < Messages; number = Interlocked.Increment(ref next))
            {
                try
                {
                    await publisher.Publish(new Numbered(number));
                    confirmed.Add(number);
                }
                catch (Exception ex) when (ex is AmqpException or TimeoutException or IOException)
                {
                    failed.Add((number, ex.GetType().Name + ": " + ex.Message));
                }
            }
        }))];

        // Kill once a quarter of the messages are confirmed, so publishes are in flight on the dying connection.
        while (confirmed.Count < Messages / 4 && !publishing.All(task => task.IsCompleted)) await Task.Delay(5);
        killedAt = clock.Elapsed;
        confirmedBeforeKill = confirmed.Count;
        await cluster.KillAsync(1);
        await Task.WhenAll(publishing).WaitAsync(TimeSpan.FromMinutes(4));
        TimeSpan total = clock.Elapsed;
        string recoveredTo = runtime.Connection()!.Endpoint;
        await host.StopAsync();

        List<int> received = await DrainAsync(cluster);
        await cluster.HealAsync();

        var receivedSet = received.ToHashSet();
        int lost = confirmed.Count(number => !receivedSet.Contains(number));
        int duplicates = received.Count - receivedSet.Count;
        output.WriteLine($"RabbitMQ {version}: {Messages} publishes by {Publishers} publishers, node 1 killed at {killedAt.TotalSeconds:F1} s " +
            $"after {confirmedBeforeKill} confirms, done at {total.TotalSeconds:F1} s; recovered to {recoveredTo}; " +
            $"confirmed {confirmed.Count}, failed {failed.Count}, received {received.Count}, lost {lost}, duplicated {duplicates}");
        foreach ((int number, string error) in failed.Take(5)) output.WriteLine($"  failed #{number}: {error}");

        Assert.Equal(0, lost);
        Assert.Equal(Messages, confirmed.Count + failed.Count);
        Assert.DoesNotContain($":{cluster.Endpoints[0].Port}/", recoveredTo, StringComparison.Ordinal);
        // Resent publishes keep their message id; a resend of one the broker had already taken is a duplicate,
        // which is at-least-once, not a loss. They can only come from publishes in flight at the kill.
        Assert.True(duplicates <= Publishers * 64, $"{duplicates} duplicates from {Publishers} publishers");
    }

    private static IHost BuildHost(BrokerCluster cluster)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:amqp"] = cluster.Uri(1),
            ["TypedAmqp:Endpoints"] = string.Join(",", cluster.Endpoints),
            ["TypedAmqp:ClientName"] = "chaos-node-kill",
            // The heartbeat notices a connection whose node died without closing its socket.
            ["TypedAmqp:HeartbeatSeconds"] = "5",
            // Publishes unconfirmed at the kill are sent again to the new node, not failed as outcome unknown.
            ["TypedAmqp:ResendUnconfirmedPublishes"] = "true",
        });
        builder.Services.AddTypedAmqp(builder.Configuration).AddGeneratedContracts();
        return builder.Build();
    }

    /// <summary>The quorum queue behind <see cref="IChaosPublisher"/>'s exchange (declared as the contract does), emptied.</summary>
    private static async Task DeclareQueueAsync(BrokerCluster cluster)
    {
        await using AmqpConnection connection = await BrokerCluster.ConnectAsync(cluster.Uri(2), "chaos-declare");
        AmqpChannel channel = await connection.OpenChannelAsync();
        await channel.ExchangeDeclareAsync("typedamqp.it.chaos", "direct", durable: true);
        await channel.QueueDeclareAsync(Queue, durable: true, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await channel.QueueBindAsync(Queue, "typedamqp.it.chaos", "numbered");
        await channel.QueuePurgeAsync(Queue);
    }

    /// <summary>Every message in the queue, read from a surviving node.</summary>
    private static async Task<List<int>> DrainAsync(BrokerCluster cluster)
    {
        await using AmqpConnection connection = await BrokerCluster.ConnectAsync(cluster.Uri(2), "chaos-drain");
        AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclarePassiveAsync(Queue);
        var received = new List<int>((int)queue.MessageCount);
        await channel.BasicQosAsync(1000);
        AmqpConsumer consumer = await channel.ConsumeAsync(Queue, new ConsumerOptions { AutoAck = true });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        if (queue.MessageCount > 0)
        {
            await foreach (Delivery delivery in consumer.ReadAllAsync(timeout.Token))
            {
                using JsonDocument body = JsonDocument.Parse(delivery.Body);
                received.Add(body.RootElement.GetProperty("Number").GetInt32());
                if (received.Count == queue.MessageCount) break;
            }
        }

        return received;
    }
}
