using System.Collections.Concurrent;
using System.Net;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp10;
using TypedAmqp.Integration.RabbitMq4;
using TypedAmqp.Integration.Chaos;

namespace TypedAmqp.Integration.Amqp10;

/// <summary>
/// The public AMQP 1.0 client losing its connection to the test broker (RabbitMQ 4.0 natively, or 3.10's plugin): a
/// proxy in front of the broker resets or black-holes the connection, or goes away. With reconnect on, the client
/// connects again (to a failover endpoint when the first is gone), attaches its senders and receivers again, and says
/// what happened to messages in flight.
/// </summary>
public sealed class Amqp10ReconnectTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static Amqp10ReconnectOptions Quick(bool resend = false, int maxAttempts = 0, IReadOnlyList<DnsEndPoint>? failover = null) => new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(50),
        MaxDelay = TimeSpan.FromMilliseconds(300),
        ResendUnsettled = resend,
        MaxAttempts = maxAttempts,
        FailoverEndpoints = failover ?? [],
    };

    private static Amqp10Message Text(string text) => new() { Data = System.Text.Encoding.UTF8.GetBytes(text) };

    private static Amqp10Message Durable(string text) => new() { Header = new Amqp10Header { Durable = true }, Data = System.Text.Encoding.UTF8.GetBytes(text) };

    private static string TextOf(Amqp10Delivery delivery) => System.Text.Encoding.UTF8.GetString(delivery.Message.Data!.Value.Span);

    private static BlackHoleProxy ProxyToBroker()
    {
        Amqp10ConnectionOptions direct = Amqp10Broker.Options();
        return new BlackHoleProxy(direct.Host, direct.Port);
    }

    /// <summary>The states a client went through, in order.</summary>
    private static ConcurrentQueue<Amqp10ClientState> Record(Amqp10Client client)
    {
        var states = new ConcurrentQueue<Amqp10ClientState>();
        client.StateChanged += (_, e) => states.Enqueue(e.State);
        return states;
    }

    /// <summary>Waits for the client to be reconnected after <paramref name="lost"/> reconnecting events had been seen before.</summary>
    private static Task ReconnectedAsync(ConcurrentQueue<Amqp10ClientState> states, int reconnects = 1) =>
        Eventually.AssertAsync(() => states.Count(s => s == Amqp10ClientState.Connected) >= reconnects, Timeout);

    [BrokerFact]
    public async Task A_reset_connection_is_regained_and_the_same_sender_and_receiver_carry_on()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("reconnect");
        await using BlackHoleProxy proxy = ProxyToBroker();
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options(port: proxy.Port, reconnect: Quick()));
        ConcurrentQueue<Amqp10ClientState> states = Record(client);
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue), new Amqp10ReceiverOptions { Credit = 10 });

        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Text("before")).AsTask().WaitAsync(Timeout))?.Kind);
        Amqp10Delivery before = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal("before", TextOf(before));
        await receiver.AcceptAsync(before).AsTask().WaitAsync(Timeout);

        string receiverName = receiver.Name;
        Assert.Equal(1, proxy.Drop());
        await ReconnectedAsync(states);
        Assert.Equal([Amqp10ClientState.Reconnecting, Amqp10ClientState.Connected], states.ToArray());
        Assert.Equal(Amqp10ClientState.Connected, client.State);
        Assert.Null(client.Failure);
        Assert.False(client.Closed.IsCompleted);

        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Text("after")).AsTask().WaitAsync(Timeout))?.Kind);
        // The accept of "before" was written, but the reset may have cut it off before the broker read it: then
        // "before" comes again first (at least once), and nothing else may.
        var received = new List<string>();
        while (!received.Contains("after"))
        {
            Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
            received.Add(TextOf(delivery));
            await receiver.AcceptAsync(delivery).AsTask().WaitAsync(Timeout);
        }

        Assert.True(received is ["after"] or ["before", "after"], $"received {string.Join(", ", received)}");
        Assert.Equal(0u, await WaitForEmptyAsync(broker, queue));
        Assert.Equal(receiverName, receiver.Name);
    }

    [BrokerFact]
    public async Task A_send_written_before_the_loss_whose_outcome_never_came_fails_as_outcome_unknown_and_later_sends_go_through()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("reconnect-unknown");
        await using BlackHoleProxy proxy = ProxyToBroker();
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options(port: proxy.Port, reconnect: Quick()));
        ConcurrentQueue<Amqp10ClientState> states = Record(client);
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Text("first")).AsTask().WaitAsync(Timeout))?.Kind);

        proxy.BlackHole();
        Task<Amqp10DeliveryState?> swallowed = sender.SendAsync(Text("swallowed")).AsTask();
        await Task.Delay(300); // written into the black hole: no outcome can come
        Assert.False(swallowed.IsCompleted);
        proxy.Drop();

        var unknown = await Assert.ThrowsAsync<Amqp10OutcomeUnknownException>(() => swallowed.WaitAsync(Timeout));
        Assert.Equal(sender.Name, unknown.LinkName);
        Assert.Contains("may or may not have taken it", unknown.Message, StringComparison.Ordinal);

        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Text("second")).AsTask().WaitAsync(Timeout))?.Kind);
        await ReconnectedAsync(states);
        Assert.Equal(2u, await broker.MessageCountAsync(queue)); // the swallowed one never reached the broker
    }

    [BrokerFact]
    public async Task With_resending_on_a_send_whose_outcome_was_lost_is_sent_again_and_its_outcome_returned()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("reconnect-resend");
        await using BlackHoleProxy proxy = ProxyToBroker();
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options(port: proxy.Port, reconnect: Quick(resend: true)));
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue));

        proxy.BlackHole();
        Task<IReadOnlyList<Amqp10DeliveryState?>> batch = sender.SendBatchAsync([Text("one"), Text("two"), Text("three")]).AsTask();
        await Task.Delay(300);
        Assert.False(batch.IsCompleted);
        proxy.Drop();

        IReadOnlyList<Amqp10DeliveryState?> outcomes = await batch.WaitAsync(Timeout);
        Assert.All(outcomes, o => Assert.Equal(Amqp10DeliveryStateKind.Accepted, o?.Kind));
        var received = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
            received.Add(TextOf(delivery));
            await receiver.AcceptAsync(delivery).AsTask().WaitAsync(Timeout);
        }

        Assert.Equal(["one", "two", "three"], received);
        Assert.Equal(0u, await broker.MessageCountAsync(queue));
    }

    [BrokerFact]
    public async Task An_unsettled_delivery_of_the_lost_connection_cannot_be_settled_says_why_and_comes_again_on_the_new_link()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("reconnect-redeliver");
        await using BlackHoleProxy proxy = ProxyToBroker();
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options(port: proxy.Port, reconnect: Quick()));
        ConcurrentQueue<Amqp10ClientState> states = Record(client);
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue));
        await sender.SendAsync(Text("held")).AsTask().WaitAsync(Timeout);
        Amqp10Delivery held = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);

        proxy.Drop();
        await ReconnectedAsync(states);
        var lost = await Assert.ThrowsAsync<Amqp10ClosedException>(() => receiver.AcceptAsync(held).AsTask().WaitAsync(Timeout));
        Assert.Contains("the connection it arrived on was lost", lost.Message, StringComparison.Ordinal);

        Amqp10Delivery again = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal("held", TextOf(again));
        await receiver.AcceptAsync(again).AsTask().WaitAsync(Timeout);
        Assert.Equal(0u, await WaitForEmptyAsync(broker, queue));
    }

    [BrokerFact]
    public async Task A_handler_consuming_through_a_loss_gets_the_redelivered_message_and_nothing_is_left_behind()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("reconnect-consume");
        await using BlackHoleProxy proxy = ProxyToBroker();
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options(port: proxy.Port, reconnect: Quick()));
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue));
        var handled = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        int calls = 0;
        Task consuming = receiver.ConsumeAsync(
            async (delivery, token) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    proxy.Drop(); // the first message's connection goes while it is handled
                    await Task.Delay(200, token);
                }

                handled.Enqueue(TextOf(delivery));
                return Amqp10DeliveryState.Accepted;
            },
            stop.Token).AsTask();

        await sender.SendAsync(Text("a")).AsTask().WaitAsync(Timeout);
        await Eventually.AssertAsync(() => handled.Count >= 2, Timeout);
        Assert.Equal(["a", "a"], handled.ToArray()); // its settlement was lost with the connection: delivered again
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Text("b")).AsTask().WaitAsync(Timeout))?.Kind);
        await Eventually.AssertAsync(() => handled.Contains("b"), Timeout);
        Assert.Equal(0u, await WaitForEmptyAsync(broker, queue));
        Assert.False(consuming.IsCompleted);
        await stop.CancelAsync();
        await consuming.WaitAsync(Timeout);
    }

    [BrokerFact]
    public async Task When_the_first_endpoint_is_gone_the_client_fails_over_to_the_next_and_names_it()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("reconnect-failover");
        Amqp10ConnectionOptions direct = Amqp10Broker.Options();
        BlackHoleProxy proxy = ProxyToBroker();
        var failover = new DnsEndPoint(direct.Host, direct.Port);
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options(port: proxy.Port, reconnect: Quick(failover: [failover])));
        ConcurrentQueue<Amqp10ClientState> states = Record(client);
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));
        Assert.Equal($"amqp://{direct.Host}:{proxy.Port}", client.Endpoint);

        await proxy.DisposeAsync(); // nothing listens on the first endpoint any more
        await ReconnectedAsync(states);
        Assert.Equal($"amqp://{direct.Host}:{direct.Port}", client.Endpoint);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Text("via failover")).AsTask().WaitAsync(Timeout))?.Kind);
        Assert.Equal(1u, await broker.MessageCountAsync(queue));
    }

    [BrokerFact]
    public async Task When_reconnecting_gives_up_the_client_closes_with_why_and_a_waiting_receive_and_later_sends_fail()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("reconnect-give-up");
        BlackHoleProxy proxy = ProxyToBroker();
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options(port: proxy.Port, reconnect: Quick(maxAttempts: 3)));
        ConcurrentQueue<Amqp10ClientState> states = Record(client);
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue));
        Task<Amqp10Delivery> waiting = receiver.ReceiveAsync().AsTask();

        await proxy.DisposeAsync();
        await client.Closed.WaitAsync(Timeout);
        Assert.Equal(Amqp10ClientState.Closed, client.State);
        Assert.Equal([Amqp10ClientState.Reconnecting, Amqp10ClientState.Closed], states.ToArray());
        var failure = Assert.IsType<Amqp10ClosedException>(client.Failure);
        Assert.Contains("gave up after 3 attempts", failure.Message, StringComparison.Ordinal);

        var receiveFailed = await Assert.ThrowsAsync<Amqp10ClosedException>(() => waiting.WaitAsync(Timeout));
        Assert.Contains("gave up", receiveFailed.Message, StringComparison.Ordinal);
        var sendFailed = await Assert.ThrowsAsync<Amqp10ClosedException>(() => sender.SendAsync(Text("too late")).AsTask().WaitAsync(Timeout));
        Assert.Contains("gave up", sendFailed.Message, StringComparison.Ordinal);
    }

    [BrokerFact]
    public async Task Disposing_a_client_that_waits_to_reconnect_stops_it_at_once_and_ends_a_waiting_receive()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("reconnect-dispose");
        BlackHoleProxy proxy = ProxyToBroker();
        var slow = new Amqp10ReconnectOptions { InitialDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromSeconds(30) };
        Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options(port: proxy.Port, reconnect: slow));
        ConcurrentQueue<Amqp10ClientState> states = Record(client);
        Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue));
        Task<Amqp10Delivery> waiting = receiver.ReceiveAsync().AsTask();
        await proxy.DisposeAsync();
        await Eventually.AssertAsync(() => states.Contains(Amqp10ClientState.Reconnecting), Timeout);
        await Task.Delay(200); // the first attempt (at once) has failed: the client now waits 15-30 s for the next

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await client.DisposeAsync().AsTask().WaitAsync(Timeout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"disposing took {clock.Elapsed}");
        Assert.True(client.Closed.IsCompleted);
        Assert.Null(client.Failure);
        Assert.Equal(Amqp10ClientState.Closed, client.State);
        await Assert.ThrowsAsync<Amqp10ClosedException>(() => waiting.WaitAsync(Timeout));
        await receiver.DisposeAsync().AsTask().WaitAsync(Timeout);
    }

    [BrokerFact]
    public async Task A_broker_restart_is_waited_out_and_a_send_made_during_it_reaches_the_receiver_attached_again()
    {
        await using PrivateBroker node = await PrivateBroker.StartAsync("amqp10-restart", 5694);
        string queue = Broker.UniqueName("amqp10.restart");
        bool rabbitMq4;
        await using (AmqpConnection setup = await AmqpConnection.ConnectAsync(AmqpConnectionOptions.Parse(node.Uri)))
        {
            rabbitMq4 = ServerVersion.IsAtLeast4(setup);
            await using AmqpChannel channel = await setup.OpenChannelAsync();
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false); // survives the restart
        }

        string address = rabbitMq4 ? $"/queues/{queue}" : $"/amq/queue/{queue}";
        var reconnect = new Amqp10ReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options(port: node.Port, reconnect: reconnect));
        ConcurrentQueue<Amqp10ClientState> states = Record(client);
        await using Amqp10Sender sender = await client.CreateSenderAsync(address, new Amqp10SenderOptions { SendTimeout = TimeSpan.FromMinutes(2) });
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(address);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Durable("before")).AsTask().WaitAsync(Timeout))?.Kind);

        await node.StopAsync();
        await Eventually.AssertAsync(() => client.State == Amqp10ClientState.Reconnecting, Timeout);
        Task<Amqp10DeliveryState?> during = sender.SendAsync(Durable("during")).AsTask();
        await Task.Delay(500);
        Assert.False(during.IsCompleted);
        await node.StartAgainAsync();

        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await during.WaitAsync(TimeSpan.FromMinutes(2)))?.Kind);
        await Eventually.AssertAsync(() => client.State == Amqp10ClientState.Connected, Timeout); // once the receiver is attached too
        var received = new List<string>();
        while (!received.Contains("during"))
        {
            Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
            received.Add(TextOf(delivery));
            await receiver.AcceptAsync(delivery).AsTask().WaitAsync(Timeout);
        }

        // "before" may have reached the receiver before the stop, unsettled: it was dropped there and, being durable,
        // comes again from the restarted broker, first.
        Assert.Equal(["before", "during"], received);
        Assert.Equal(Amqp10ClientState.Reconnecting, states.First());
    }

    private static async Task<uint> WaitForEmptyAsync(Amqp10Broker broker, string queue)
    {
        uint count = uint.MaxValue;
        for (int i = 0; i < 50 && count != 0; i++)
        {
            count = await broker.MessageCountAsync(queue);
            if (count != 0) await Task.Delay(200);
        }

        return count;
    }
}
