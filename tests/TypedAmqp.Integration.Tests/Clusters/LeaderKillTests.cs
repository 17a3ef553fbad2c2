using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using TypedAmqp.Amqp091;
using Xunit.Abstractions;

namespace TypedAmqp.Integration.Clusters;

/// <summary>
/// The node holding a quorum queue's leader is killed (SIGKILL) under a consumer connected to another node, while a
/// publisher on a third keeps publishing: consumption resumes on the new leader within 5 s, every confirmed message
/// arrives, and a message delivered again after the kill carries the redelivered flag.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LeaderKillTests(ITestOutputHelper output)
{
    [BrokerTheory]
    [InlineData("3.10")]
    [InlineData("4.0")]
    public async Task Killing_a_quorum_queues_leader_pauses_a_consumer_on_another_node_for_under_five_seconds(string version)
    {
        BrokerCluster cluster = await BrokerCluster.StartAsync(version);
        string queue = Broker.UniqueName("chaos-leader");
        await using AmqpConnection publisherConnection = await BrokerCluster.ConnectAsync(cluster.Uri(3), "chaos-leader-publisher");
        AmqpChannel publishing = await publisherConnection.OpenChannelAsync();
        // Declared through node 1, which therefore holds the leader; the consumer and the publisher are elsewhere.
        await using (AmqpConnection declaring = await BrokerCluster.ConnectAsync(cluster.Uri(1), "chaos-leader-declare"))
        {
            AmqpChannel channel = await declaring.OpenChannelAsync();
            await channel.QueueDeclareAsync(queue, durable: true, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        }

        int leader = await LeaderAsync(cluster, queue);
        Assert.Equal(1, leader);
        await publishing.ConfirmSelectAsync();

        await using AmqpConnection consumerConnection = await BrokerCluster.ConnectAsync(cluster.Uri(2), "chaos-leader-consumer");
        AmqpChannel consuming = await consumerConnection.OpenChannelAsync();
        await consuming.BasicQosAsync(50);
        var clock = Stopwatch.StartNew();
        var deliveries = new ConcurrentQueue<(int Number, bool Redelivered, TimeSpan At)>();
        await consuming.ConsumeAsync(queue, async (delivery, cancellationToken) =>
        {
            using JsonDocument body = JsonDocument.Parse(delivery.Body);
            deliveries.Enqueue((body.RootElement.GetProperty("n").GetInt32(), delivery.Redelivered, clock.Elapsed));
            await delivery.AckAsync(cancellationToken);
        });

        var confirmed = new List<int>();
        var nacked = new List<int>();
        TimeSpan killedAt = TimeSpan.Zero;
        for (int number = 0; clock.Elapsed < TimeSpan.FromSeconds(10); number++)
        {
            if (killedAt == TimeSpan.Zero && clock.Elapsed > TimeSpan.FromSeconds(2))
            {
                killedAt = clock.Elapsed;
                await cluster.KillAsync(leader);
            }

            try
            {
                await publishing.PublishAsync("", queue, Encoding.UTF8.GetBytes($"{{\"n\":{number}}}"), new BasicProperties { DeliveryMode = DeliveryMode.Persistent });
                confirmed.Add(number);
            }
            catch (PublishException)
            {
                nacked.Add(number); // the broker refused it during the election: not confirmed, so not promised
            }

            await Task.Delay(2);
        }

        // Let the consumer catch up with everything confirmed.
        var seen = new HashSet<int>();
        for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(50))
        {
            seen = deliveries.Select(d => d.Number).ToHashSet();
            if (confirmed.All(seen.Contains)) break;
        }

        int newLeader = await LeaderAsync(cluster, queue);
        await consuming.QueueDeleteAsync(queue);
        await cluster.HealAsync();

        (int Number, bool Redelivered, TimeSpan At)[] all = [.. deliveries];
        TimeSpan lastBefore = all.Where(d => d.At <= killedAt).Select(d => d.At).DefaultIfEmpty(killedAt).Max();
        TimeSpan firstAfter = all.Where(d => d.At > killedAt).Select(d => d.At).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        TimeSpan pause = firstAfter - lastBefore;
        int lost = confirmed.Count(number => !seen.Contains(number));
        var firstDelivery = new HashSet<int>();
        int repeats = 0, unflaggedRepeats = 0;
        foreach ((int number, bool redelivered, _) in all)
        {
            if (firstDelivery.Add(number)) continue;
            repeats++;
            if (!redelivered) unflaggedRepeats++;
        }

        output.WriteLine($"RabbitMQ {version}: leader node {leader} killed at {killedAt.TotalSeconds:F1} s, new leader node {newLeader}; consumer paused {pause.TotalMilliseconds:F0} ms; " +
            $"published {confirmed.Count + nacked.Count}, confirmed {confirmed.Count}, nacked {nacked.Count}, delivered {all.Length}, lost {lost}, delivered again {repeats} (unflagged {unflaggedRepeats})");

        Assert.NotEqual(leader, newLeader);
        Assert.Equal(0, lost);
        Assert.Equal(0, unflaggedRepeats);
        Assert.True(pause < TimeSpan.FromSeconds(5), $"the consumer received nothing for {pause.TotalMilliseconds:F0} ms after the leader was killed");
    }

    private static async Task<int> LeaderAsync(BrokerCluster cluster, string queue)
    {
        for (var wait = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            JsonElement queues = await cluster.CtlJsonAsync(2, "list_queues", "name", "leader");
            string? leader = queues.EnumerateArray().Single(q => q.GetProperty("name").GetString() == queue).GetProperty("leader").GetString();
            for (int node = 1; node <= BrokerCluster.Size; node++)
            {
                if (leader == cluster.NodeName(node)) return node;
            }

            Assert.True(wait.Elapsed < TimeSpan.FromSeconds(30), $"queue {queue} has no leader among the nodes: '{leader}'");
        }
    }
}
