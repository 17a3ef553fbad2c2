using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;
using Xunit.Abstractions;

namespace TypedAmqp.Integration.Clusters;

/// <summary>
/// No phantom consumers: a consumer of a quorum queue is recovered while two of the queue's three nodes are down, so
/// the queue has no quorum. Whatever the broker answers meanwhile, the consumer must never be reported running
/// without receiving, recovery must keep trying and say so, and once the nodes return the consumer must consume again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PhantomConsumerTests(ITestOutputHelper output)
{
    [BrokerTheory]
    [InlineData("3.10")]
    [InlineData("4.0")]
    public async Task A_quorum_queue_consumer_recovered_without_a_quorum_is_not_shown_running_until_it_receives_again(string version)
    {
        BrokerCluster cluster = await BrokerCluster.StartAsync(version);
        string queue = Broker.UniqueName("chaos-phantom");
        const string clientName = "chaos-phantom";
        await using (AmqpConnection declaring = await BrokerCluster.ConnectAsync(cluster.Uri(1), "chaos-phantom-declare"))
        {
            AmqpChannel channel = await declaring.OpenChannelAsync();
            await channel.QueueDeclareAsync(queue, durable: true, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        }

        // The client reaches node 1 through a proxy, which can drop its connection while node 1 stays up.
        await using var proxy = new Chaos.BlackHoleProxy("127.0.0.1", cluster.Endpoints[0].Port!.Value);
        AmqpConnectionOptions options = AmqpConnectionOptions.Parse(cluster.Uri(1));
        options.Port = proxy.Port;
        options.ClientName = clientName;
        var recovery = new RecoveryOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(500), StepTimeout = TimeSpan.FromSeconds(2) };
        await using var messaging = new RecoveringMessaging(options, recovery);
        var events = new ConcurrentQueue<(TimeSpan At, RecoveryEventArgs Event)>();
        var clock = Stopwatch.StartNew();
        messaging.RecoveryEvent += (_, e) => events.Enqueue((clock.Elapsed, e));
        await messaging.ConnectAsync();
        var received = new ConcurrentQueue<int>();
        RecoveringSubscription consumer = await messaging.SubscribeAsync(queue, 10, 1, async (delivery, cancellationToken) =>
        {
            using JsonDocument body = JsonDocument.Parse(delivery.Body);
            received.Enqueue(body.RootElement.GetProperty("n").GetInt32());
            await delivery.AcceptAsync(cancellationToken);
        });
        await PublishAsync(cluster.Uri(1), queue, 1);
        await Eventually.AssertAsync(() => received.Contains(1), TimeSpan.FromSeconds(10), "the first message");

        // Two of three nodes down: the queue has no quorum. Then the client loses its connection to the remaining node.
        await cluster.KillAsync(2);
        await cluster.KillAsync(3);
        TimeSpan lostAt = clock.Elapsed;
        Assert.Equal(1, proxy.Drop());
        await Eventually.AssertAsync(() => events.Any(e => e.Event.Kind == RecoveryEventKind.ConnectionLost), TimeSpan.FromSeconds(10), "the loss noticed");

        // For eight seconds the queue cannot deliver anything. Sample what the consumer reports meanwhile.
        var states = new List<SubscriptionState>();
        for (var outage = Stopwatch.StartNew(); outage.Elapsed < TimeSpan.FromSeconds(8); await Task.Delay(100)) states.Add(consumer.State);
        int failures = events.Count(e => e.Event.Kind is RecoveryEventKind.SubscriptionFailed or RecoveryEventKind.AttemptFailed);
        bool shownRunning = states.Contains(SubscriptionState.Running);
        output.WriteLine($"RabbitMQ {version}: during the outage the consumer was {string.Join(",", states.Distinct())}; {failures} failed attempt(s) reported; last error: {consumer.LastError?.Message}");
        foreach ((TimeSpan at, RecoveryEventArgs e) in events) output.WriteLine($"  {at.TotalSeconds,6:F1} s  {e}");

        // The nodes return. From the moment the consumer says it runs, a message published must reach it.
        await cluster.HealAsync();
        TimeSpan healedAt = clock.Elapsed;
        await Eventually.AssertAsync(() => consumer.State == SubscriptionState.Running, TimeSpan.FromSeconds(60), "the consumer running again");
        await PublishAsync(cluster.Uri(1), queue, 2);
        bool arrived = await Eventually.HoldsAsync(() => received.Contains(2), TimeSpan.FromSeconds(15));
        output.WriteLine($"  healed after {(healedAt - lostAt).TotalSeconds:F1} s; running again after {(clock.Elapsed - healedAt).TotalSeconds:F1} s; the next message {(arrived ? "arrived" : "did not arrive")}");

        await using (AmqpConnection cleanup = await BrokerCluster.ConnectAsync(cluster.Uri(1), "chaos-phantom-cleanup"))
        {
            AmqpChannel channel = await cleanup.OpenChannelAsync();
            await channel.QueueDeleteAsync(queue);
        }

        Assert.True(arrived, "the consumer is reported running, but the message published to its queue never reached it (a phantom consumer)");
        Assert.False(consumer.Stopped.IsCompleted);
        // Without a quorum the broker cannot take the consumer: that must be reported, and the consumer not shown running.
        Assert.False(shownRunning, "the consumer was shown running while its queue had no quorum");
        Assert.True(failures > 0, "recovery reported no failed attempt while the queue had no quorum");
    }

    private static async Task PublishAsync(string uri, string queue, int number)
    {
        await using AmqpConnection connection = await BrokerCluster.ConnectAsync(uri, "chaos-phantom-publisher");
        AmqpChannel channel = await connection.OpenChannelAsync();
        await channel.ConfirmSelectAsync();
        await channel.PublishAsync("", queue, Encoding.UTF8.GetBytes($"{{\"n\":{number}}}"), new BasicProperties { DeliveryMode = DeliveryMode.Persistent });
    }
}
