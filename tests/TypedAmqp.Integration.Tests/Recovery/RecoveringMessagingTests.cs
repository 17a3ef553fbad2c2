using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using TypedAmqp.Amqp091;
using TypedAmqp.Integration.Hosting;
using TypedAmqp.Integration.Typed;
using TypedAmqp.Messaging;
using TypedAmqp.Observability;

namespace TypedAmqp.Integration.Recovery;

/// <summary>
/// Recovery on a plain connection, without a host: <see cref="RecoveringMessaging"/> against the real broker, whose
/// operator force-closes the connection (320 CONNECTION_FORCED) or deletes a queue under a consumer.
/// </summary>
public sealed class RecoveringMessagingTests
{
    private static readonly MessageDescriptor<KeyedJob> Probe = new("it.recovery.probe", IntegrationJson.Default.KeyedJob);

    private static readonly RecoveryOptions FastRecovery = new() { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200) };

    private static RecoveringMessaging Create(string clientName, RecoveryOptions? recovery)
    {
        AmqpConnectionOptions options = Broker.Options();
        options.ClientName = clientName;
        return new RecoveringMessaging(options, recovery);
    }

    /// <summary>A topology of its own: an exchange, an exchange bound to it, and a server-named queue bound to the second.</summary>
    private static TopologyDescription ProbeTopology(string prefix) => new(
        [new ExchangeDeclaration(prefix + ".in", "direct", Durable: false, AutoDelete: false), new ExchangeDeclaration(prefix + ".inner", "fanout", Durable: false)],
        [new QueueDeclaration("", Durable: false, Exclusive: true, AutoDelete: true, Key: TopologyDescription.ServerNamedPrefix + "probe")],
        [
            new BindingDeclaration(prefix + ".in", prefix + ".inner", DestinationIsExchange: true, RoutingKey: "probe"),
            new BindingDeclaration(prefix + ".inner", TopologyDescription.ServerNamedPrefix + "probe", DestinationIsExchange: false, RoutingKey: ""),
        ]);

    private static ValueTask PublishProbeAsync(RecoveringMessaging messaging, string exchange, int number, CancellationToken cancellationToken = default) =>
        messaging.PublishAsync(Encoding.UTF8.GetBytes(exchange), "probe"u8.ToArray(), null, Probe, new KeyedJob(number), null, cancellationToken);

    private static int NumberOf(ReceivedMessage delivery)
    {
        using var body = JsonDocument.Parse(delivery.Body);
        return body.RootElement.GetProperty("Number").GetInt32();
    }

    private static async Task DeleteExchangesAsync(string prefix)
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        await channel.ExchangeDeleteAsync(prefix + ".in");
        await channel.ExchangeDeleteAsync(prefix + ".inner");
    }

    [BrokerFact]
    public async Task After_a_forced_close_the_topology_is_declared_again_and_the_consumer_follows_its_server_named_queue()
    {
        string name = "recovering-topology-" + Guid.NewGuid().ToString("N");
        string prefix = Broker.UniqueName("recovery");
        var events = new ConcurrentQueue<RecoveryEventArgs>();
        var measured = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TypedAmqpTelemetry.Name && instrument.Name == TypedAmqpTelemetry.InstrumentNames.RecoveryEvents) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags) if (tag.Key == MessagingAttributes.RecoveryEvent) measured.Enqueue((string)tag.Value!);
        });
        listener.Start();

        await using RecoveringMessaging messaging = Create(name, FastRecovery);
        messaging.RecoveryEvent += (_, e) => events.Enqueue(e);
        await messaging.ConnectAsync();
        await messaging.DeclareAsync(ProbeTopology(prefix));
        var received = new ConcurrentQueue<int>();
        RecoveringSubscription consumer = await messaging.SubscribeAsync(TopologyDescription.ServerNamedPrefix + "probe", 10, 1, (delivery, _) =>
        {
            received.Enqueue(NumberOf(delivery));
            return delivery.AcceptAsync();
        });
        string firstQueue = consumer.Queue;
        Assert.StartsWith("amq.gen-", firstQueue, StringComparison.Ordinal);
        await PublishProbeAsync(messaging, prefix + ".in", 1);
        AmqpConnection first = messaging.Connection!;

        await BrokerControl.ForceCloseConnectionAsync(name, "recovery test");
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.AssertAsync(() => consumer.State == SubscriptionState.Running && consumer.Queue != firstQueue, TimeSpan.FromSeconds(10));

        // The exclusive queue went with the old connection; the new one has a new name, bound through both exchanges.
        Assert.NotSame(first, messaging.Connection);
        Assert.Equal(MessagingState.Connected, messaging.State);
        Assert.StartsWith("amq.gen-", consumer.Queue, StringComparison.Ordinal);
        await PublishProbeAsync(messaging, prefix + ".in", 2);
        await Eventually.AssertAsync(() => received.Contains(2), TimeSpan.FromSeconds(10));
        Assert.Equal([1, 2], received.Order());

        RecoveryEventKind[] kinds = [.. events.Select(e => e.Kind)];
        Assert.Equal(RecoveryEventKind.ConnectionLost, kinds[0]);
        Assert.Equal(320, events.First().Reason!.ReplyCode);
        Assert.Contains(RecoveryEventKind.Attempt, kinds);
        Assert.Contains(RecoveryEventKind.Recovered, kinds);
        Assert.True(Array.IndexOf(kinds, RecoveryEventKind.Recovered) < Array.LastIndexOf(kinds, RecoveryEventKind.SubscriptionRecovered), string.Join(", ", kinds));
        Assert.Contains("connection_lost", measured);
        Assert.Contains("recovered", measured);
        await DeleteExchangesAsync(prefix);
    }

    [BrokerFact]
    public async Task A_publish_unconfirmed_at_the_loss_fails_as_outcome_unknown_and_every_confirmed_publish_arrives()
    {
        string name = "recovering-outcome-" + Guid.NewGuid().ToString("N");
        string prefix = Broker.UniqueName("outcome");
        // Through a proxy that first swallows the connection, so that publishes are surely sent and unconfirmed, and
        // then resets it (an operator's close would let the broker confirm what it had before closing).
        await using var proxy = new Chaos.BlackHoleProxy("127.0.0.1", Broker.PlainPort);
        AmqpConnectionOptions options = Broker.Options();
        options.Port = proxy.Port;
        options.ClientName = name;
        await using var messaging = new RecoveringMessaging(options, FastRecovery);
        await messaging.ConnectAsync();
        await messaging.DeclareAsync(ProbeTopology(prefix));
        var received = new ConcurrentDictionary<int, int>();
        await messaging.SubscribeAsync(TopologyDescription.ServerNamedPrefix + "probe", 200, 1, (delivery, _) =>
        {
            received.AddOrUpdate(NumberOf(delivery), 1, (_, count) => count + 1);
            return delivery.AcceptAsync();
        });
        AmqpConnection first = messaging.Connection!;

        // 16 publishers publish until 300 have been confirmed on the recovered connection. Each publish must end
        // confirmed or as outcome unknown (never another error), and what was confirmed on the new connection arrives.
        var confirmed = new ConcurrentBag<(int Number, bool AfterRecovery)>();
        var unknown = new ConcurrentBag<PublishOutcomeUnknownException>();
        var otherErrors = new ConcurrentBag<Exception>();
        int next = 0, confirmedAfterRecovery = 0;
        async Task PublishLoopAsync()
        {
            while (Volatile.Read(ref confirmedAfterRecovery) < 300 && otherErrors.IsEmpty)
            {
                int number = Interlocked.Increment(ref next);
                try
                {
                    await PublishProbeAsync(messaging, prefix + ".in", number);
                    bool after = messaging.Connection != first;
                    confirmed.Add((number, after));
                    if (after) Interlocked.Increment(ref confirmedAfterRecovery);
                }
                catch (PublishOutcomeUnknownException ex)
                {
                    unknown.Add(ex);
                }
                catch (Exception ex)
                {
                    otherErrors.Add(ex);
                }
            }
        }

        Task[] publishers = Enumerable.Range(0, 16).Select(_ => Task.Run(PublishLoopAsync)).ToArray();
        while (confirmed.Count < 200) await Task.Delay(5);
        Assert.Equal(1, proxy.BlackHole());
        await Task.Delay(300); // publishes keep going out; none of them can be confirmed now
        Assert.Equal(1, proxy.Drop());
        await Task.WhenAll(publishers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(otherErrors.IsEmpty, string.Join("\n", otherErrors.Take(3)));
        Assert.NotEmpty(unknown); // what was sent into the black hole
        Assert.All(unknown, ex => Assert.NotEqual(CloseInitiator.Application, ex.Reason.Initiator));
        Assert.All(unknown, ex => Assert.Equal(22, ex.MessageId.Length));

        // The consumer's server-named queue was the old connection's; what was confirmed on the new one must arrive.
        int[] expected = [.. confirmed.Where(c => c.AfterRecovery).Select(c => c.Number)];
        await Eventually.AssertAsync(() => expected.All(received.ContainsKey), TimeSpan.FromSeconds(20));
        Assert.All(expected, number => Assert.Equal(1, received[number])); // nothing was sent twice
        await DeleteExchangesAsync(prefix);
    }

    [BrokerFact]
    public async Task A_consumer_whose_queue_is_deleted_is_shown_recovering_until_the_queue_is_back()
    {
        string queue = Broker.UniqueName("deleted-queue");
        await using AmqpConnection admin = await Broker.ConnectAsync();
        await using AmqpChannel channel = await admin.OpenChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);

        var events = new ConcurrentQueue<RecoveryEventArgs>();
        await using RecoveringMessaging messaging = Create("recovering-deleted-" + Guid.NewGuid().ToString("N"), FastRecovery);
        messaging.RecoveryEvent += (_, e) => events.Enqueue(e);
        await messaging.ConnectAsync();
        var received = new ConcurrentQueue<int>();
        RecoveringSubscription consumer = await messaging.SubscribeAsync(queue, 10, 1, (delivery, _) =>
        {
            received.Enqueue(NumberOf(delivery));
            return delivery.AcceptAsync();
        });
        Assert.Equal(SubscriptionState.Running, consumer.State);

        // The broker cancels the consumer; starting it again fails (404) while the queue is gone. It must never look
        // like it runs meanwhile, and it must keep trying.
        await channel.QueueDeleteAsync(queue);
        await Eventually.AssertAsync(() => events.Count(e => e.Kind == RecoveryEventKind.SubscriptionFailed) >= 3, TimeSpan.FromSeconds(10));
        Assert.Equal(SubscriptionState.Recovering, consumer.State);
        Assert.Null(consumer.Consumer);
        Assert.IsType<AmqpConsumerCancelledException>(events.First(e => e.Kind == RecoveryEventKind.SubscriptionFailed).Error);
        Assert.Contains("404", consumer.LastError!.Message, StringComparison.Ordinal);
        Assert.True(messaging.Connection!.IsOpen); // a consumer's failure costs its channel, not the connection
        Assert.False(consumer.Stopped.IsCompleted);

        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        await Eventually.AssertAsync(() => consumer.State == SubscriptionState.Running, TimeSpan.FromSeconds(5));
        Assert.Null(consumer.LastError);
        // The state turns Running just before the event is raised, on the subscription's own task.
        await Eventually.AssertAsync(() => events.Any(e => e.Kind == RecoveryEventKind.SubscriptionRecovered && e.Subscription == consumer), TimeSpan.FromSeconds(5));
        await messaging.PublishAsync(ReadOnlyMemory<byte>.Empty, Encoding.UTF8.GetBytes(queue), null, Probe, new KeyedJob(7), null, CancellationToken.None);
        await Eventually.AssertAsync(() => received.Contains(7), TimeSpan.FromSeconds(5));

        await consumer.CancelAsync();
        Assert.Equal(ConsumerStopReason.CancelledByClient, await consumer.Stopped);
        Assert.Equal(SubscriptionState.Stopped, consumer.State);
        Assert.Empty(messaging.Subscriptions);
        await channel.QueueDeleteAsync(queue);
    }

    [BrokerFact]
    public async Task Without_recovery_a_loss_closes_the_messaging_and_stops_its_consumers()
    {
        string name = "recovering-off-" + Guid.NewGuid().ToString("N");
        string prefix = Broker.UniqueName("no-recovery");
        await using RecoveringMessaging messaging = Create(name, recovery: null);
        await messaging.ConnectAsync();
        await messaging.DeclareAsync(ProbeTopology(prefix));
        RecoveringSubscription consumer = await messaging.SubscribeAsync(TopologyDescription.ServerNamedPrefix + "probe", 10, 1, (delivery, _) => delivery.AcceptAsync());

        await BrokerControl.ForceCloseConnectionAsync(name, "no recovery");
        Assert.Equal(ConsumerStopReason.ChannelClosed, await consumer.Stopped.WaitAsync(TimeSpan.FromSeconds(10)));
        await Eventually.AssertAsync(() => messaging.State == MessagingState.Closed, TimeSpan.FromSeconds(5));
        var closed = await Assert.ThrowsAsync<AmqpConnectionClosedException>(async () => await PublishProbeAsync(messaging, prefix + ".in", 1));
        Assert.Equal(320, closed.ReplyCode);
        await DeleteExchangesAsync(prefix);
    }

    [BrokerFact]
    public async Task A_publish_made_while_the_connection_is_down_waits_for_the_recovery_and_fails_after_the_publish_wait()
    {
        string name = "recovering-wait-" + Guid.NewGuid().ToString("N");
        string prefix = Broker.UniqueName("publish-wait");
        // Unreachable after the loss: the endpoint is changed to a closed port, so recovery keeps failing.
        await using RecoveringMessaging messaging = Create(name, new RecoveryOptions { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(100), PublishWait = TimeSpan.FromSeconds(1) });
        var failures = new ConcurrentQueue<RecoveryEventArgs>();
        messaging.RecoveryEvent += (_, e) =>
        {
            if (e.Kind == RecoveryEventKind.AttemptFailed) failures.Enqueue(e);
        };
        await messaging.ConnectAsync();
        await messaging.DeclareAsync(ProbeTopology(prefix));
        AmqpConnectionOptions unreachable = Broker.Options();
        unreachable.Port = 1; // nothing listens there
        messaging.ConnectionOptions = unreachable;

        await BrokerControl.ForceCloseConnectionAsync(name, "publish wait");
        await Eventually.AssertAsync(() => messaging.State == MessagingState.Recovering, TimeSpan.FromSeconds(5));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var timeout = await Assert.ThrowsAsync<TimeoutException>(async () => await PublishProbeAsync(messaging, prefix + ".in", 1));
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Contains("not recovered within 1 s", timeout.Message, StringComparison.Ordinal);
        await Eventually.AssertAsync(() => failures.Count >= 2, TimeSpan.FromSeconds(5));
        Assert.All(failures, failure => Assert.NotNull(failure.Error));

        // Reachable again: the next attempt recovers, and publishing works.
        messaging.ConnectionOptions = Broker.Options();
        await Eventually.AssertAsync(() => messaging.State == MessagingState.Connected, TimeSpan.FromSeconds(5));
        await PublishProbeAsync(messaging, prefix + ".in", 2);
        await DeleteExchangesAsync(prefix);
    }
}
