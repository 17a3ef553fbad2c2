using TypedAmqp.Amqp10;

namespace TypedAmqp.Integration.Amqp10;

/// <summary>The public AMQP 1.0 client (Amqp10Client, Amqp10Sender, Amqp10Receiver) against the test broker (RabbitMQ 4.0 natively, or 3.10's plugin).</summary>
public sealed class Amqp10ClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static Amqp10Message Numbered(int i) => new()
    {
        Properties = new Amqp10Properties { MessageId = Amqp10Value.ULong((ulong)i) },
        Data = BitConverter.GetBytes(i),
    };

    private static int NumberOf(Amqp10Delivery delivery) => BitConverter.ToInt32(delivery.Message.Data!.Value.Span);

    private static async Task<uint> WaitForCountAsync(Amqp10Broker broker, string queue, uint expected)
    {
        uint count = uint.MaxValue;
        for (int i = 0; i < 50 && count != expected; i++)
        {
            count = await broker.MessageCountAsync(queue);
            if (count != expected) await Task.Delay(200);
        }

        return count;
    }

    [BrokerFact]
    public async Task A_batch_of_messages_is_accepted_one_outcome_each_and_comes_back_in_order_through_the_stream()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("client-batch");
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options());
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));

        IReadOnlyList<Amqp10DeliveryState?> outcomes = await sender.SendBatchAsync([.. Enumerable.Range(0, 40).Select(Numbered)]).AsTask().WaitAsync(Timeout);
        Assert.Equal(40, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(Amqp10DeliveryStateKind.Accepted, o?.Kind));
        Assert.Equal(40u, await WaitForCountAsync(broker, queue, 40));

        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue), new Amqp10ReceiverOptions { Credit = 8 });
        var received = new List<int>();
        using var stop = new CancellationTokenSource(Timeout);
        await foreach (Amqp10Delivery delivery in receiver.ReadAllAsync(stop.Token))
        {
            received.Add(NumberOf(delivery));
            await receiver.AcceptAsync(delivery);
            if (received.Count == 40) break;
        }

        Assert.Equal(Enumerable.Range(0, 40), received);
        Assert.Equal(0u, await WaitForCountAsync(broker, queue, 0));
    }

    [BrokerFact]
    public async Task Release_and_modify_deliver_again_and_reject_removes_the_message_where_the_broker_knows_modified()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("client-settle");
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options());
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Numbered(7)).AsTask().WaitAsync(Timeout))?.Kind);

        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue), new Amqp10ReceiverOptions { Credit = 1 });
        Amqp10Delivery first = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        await receiver.ReleaseAsync(first);
        Amqp10Delivery second = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(7, NumberOf(second));

        // Modified with delivery-failed and not undeliverable-here: requeued.
        await receiver.ModifyAsync(second, deliveryFailed: true, undeliverableHere: false);
        if (!broker.IsRabbitMq4)
        {
            // The 3.10 plugin knows no modified outcome: it ends the receiver's session with invalid-field, which the
            // receiver reports as a typed closure; the message stays in the queue and the sender's session is untouched.
            Amqp10ClosedException ended = await Assert.ThrowsAsync<Amqp10ClosedException>(() => receiver.ReceiveAsync().AsTask().WaitAsync(Timeout));
            Assert.Equal(Amqp10Conditions.InvalidField, ended.Condition);
            Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Numbered(8)).AsTask().WaitAsync(Timeout))?.Kind);
            return;
        }

        // RabbitMQ 4.0.5 redelivers it (its classic queue keeps the header's delivery-count at 0, so that is not checked).
        Amqp10Delivery third = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(7, NumberOf(third));

        await receiver.RejectAsync(third, new Amqp10Error(Amqp10Conditions.PreconditionFailed, "not wanted"));
        Assert.Equal(0u, await WaitForCountAsync(broker, queue, 0));
        Assert.Empty(await receiver.ReceiveBatchAsync(5, TimeSpan.FromMilliseconds(500)).AsTask().WaitAsync(Timeout));
    }

    [BrokerFact]
    public async Task At_most_once_messages_arrive_settled_and_leave_the_queue_without_a_settlement()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("client-at-most-once");
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options());
        var atMostOnce = new Amqp10SenderOptions { Guarantee = Amqp10DeliveryGuarantee.AtMostOnce };
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue), atMostOnce);
        for (int i = 0; i < 10; i++) Assert.Null(await sender.SendAsync(Numbered(i)).AsTask().WaitAsync(Timeout));
        Assert.Equal(10u, await WaitForCountAsync(broker, queue, 10));

        var receiving = new Amqp10ReceiverOptions { Guarantee = Amqp10DeliveryGuarantee.AtMostOnce, Credit = 20 };
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue), receiving);
        var batch = new List<Amqp10Delivery>();
        while (batch.Count < 10)
        {
            IReadOnlyList<Amqp10Delivery> some = await receiver.ReceiveBatchAsync(10 - batch.Count, TimeSpan.FromSeconds(2)).AsTask().WaitAsync(Timeout);
            Assert.NotEmpty(some);
            batch.AddRange(some);
        }

        Assert.Equal(Enumerable.Range(0, 10), batch.Select(NumberOf));
        Assert.All(batch, d => Assert.True(d.Settled));
        Assert.Equal(0u, await WaitForCountAsync(broker, queue, 0)); // gone without any accept
    }

    [BrokerFact]
    public async Task A_consume_handler_accepts_what_it_handles_and_stops_when_cancelled()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("client-consume");
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options());
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));
        await sender.SendBatchAsync([.. Enumerable.Range(0, 12).Select(Numbered)]).AsTask().WaitAsync(Timeout);

        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue));
        using var stop = new CancellationTokenSource();
        var handled = new List<int>();
        Task consuming = receiver.ConsumeAsync((delivery, _) =>
        {
            lock (handled)
            {
                handled.Add(NumberOf(delivery));
                if (handled.Count == 12) stop.Cancel();
            }

            return ValueTask.FromResult(Amqp10DeliveryState.Accepted);
        }, stop.Token).AsTask();
        await consuming.WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 12), handled);
        Assert.Equal(0u, await WaitForCountAsync(broker, queue, 0));
    }

    [BrokerFact]
    public async Task A_receiver_from_a_missing_queue_is_refused_with_not_found_and_the_client_keeps_working()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("client-survives");
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options());
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));

        Amqp10ClosedException refused = await Assert.ThrowsAsync<Amqp10ClosedException>(
            () => client.CreateReceiverAsync(broker.Address(Broker.UniqueName("missing"))).AsTask().WaitAsync(Timeout));
        Assert.Equal(Amqp10Conditions.NotFound, refused.Condition);

        // The refusal ended (4.0) or detached (3.10) only the receiver's own session: the sender still sends.
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Numbered(1)).AsTask().WaitAsync(Timeout))?.Kind);
        Assert.Null(client.Failure);
        await client.CloseAsync().AsTask().WaitAsync(Timeout);
        Assert.Null(client.Failure);
        Assert.True(client.Closed.IsCompleted);
    }

    [BrokerFact]
    public async Task Many_sends_in_flight_at_once_each_get_their_own_outcome()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("client-concurrent");
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options());
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));

        // 200 SendAsync calls started together from the thread pool, none awaited before the others start.
        Task<Amqp10DeliveryState?>[] sends = [.. Enumerable.Range(0, 200).Select(i => Task.Run(() => sender.SendAsync(Numbered(i)).AsTask()))];
        Amqp10DeliveryState?[] outcomes = await Task.WhenAll(sends).WaitAsync(Timeout);
        Assert.All(outcomes, o => Assert.Equal(Amqp10DeliveryStateKind.Accepted, o?.Kind));
        Assert.Equal(200u, await WaitForCountAsync(broker, queue, 200));

        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue), new Amqp10ReceiverOptions { Guarantee = Amqp10DeliveryGuarantee.AtMostOnce, Credit = 50 });
        var numbers = new HashSet<int>();
        while (numbers.Count < 200)
        {
            IReadOnlyList<Amqp10Delivery> batch = await receiver.ReceiveBatchAsync(200 - numbers.Count, TimeSpan.FromSeconds(2)).AsTask().WaitAsync(Timeout);
            Assert.NotEmpty(batch);
            foreach (Amqp10Delivery delivery in batch) Assert.True(numbers.Add(NumberOf(delivery)), $"message {NumberOf(delivery)} arrived twice");
        }

        Assert.Equal(Enumerable.Range(0, 200), numbers.Order());
    }
}
