using System.Text;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration;

public sealed class ConsumingTests
{
    [BrokerFact]
    public async Task Nack_with_requeue_redelivers_with_the_redelivered_flag()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.PublishAsync("", queue.QueueName, "again"u8.ToArray());

        await using AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName);
        var flags = new List<bool>();
        await foreach (Delivery delivery in consumer.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))
        {
            flags.Add(delivery.Redelivered);
            Assert.Equal("again", Encoding.UTF8.GetString(delivery.Body.Span));
            if (flags.Count == 1)
            {
                await delivery.NackAsync(requeue: true);
            }
            else
            {
                await delivery.AckAsync();
                break;
            }
        }

        Assert.Equal([false, true], flags);
    }

    [BrokerFact]
    public async Task Reading_deliveries_throws_the_close_reason_when_an_operator_closes_the_connection()
    {
        string name = "consuming-forced-close-" + Guid.NewGuid().ToString("N");
        await using AmqpConnection connection = await Broker.ConnectAsync(name);
        AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName);
        await channel.PublishAsync("", queue.QueueName, "first"u8.ToArray());
        var read = new List<string>();
        var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task ReadAsync()
        {
            await foreach (Delivery delivery in consumer.ReadAllAsync())
            {
                read.Add(Encoding.UTF8.GetString(delivery.Body.Span));
                await delivery.AckAsync();
                firstRead.TrySetResult();
            }
        }

        Task reading = ReadAsync();
        await firstRead.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await BrokerControl.ForceCloseConnectionAsync(name, "consumer drill");

        AmqpConnectionClosedException error = await Assert.ThrowsAsync<AmqpConnectionClosedException>(() => reading.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(ReplyCode.ConnectionForced, error.ReplyCode);
        Assert.Contains("consumer drill", error.Message);
        Assert.Equal(["first"], read);
    }

    [BrokerFact]
    public async Task Reading_deliveries_throws_when_the_queue_is_deleted()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        await using AmqpChannel admin = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync(Broker.UniqueName("deleted-under-reader"), durable: false, autoDelete: false);
        AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName);
        async Task ReadAsync()
        {
            await foreach (Delivery delivery in consumer.ReadAllAsync()) await delivery.AckAsync();
        }

        Task reading = ReadAsync();
        await admin.QueueDeleteAsync(queue.QueueName);

        AmqpConsumerCancelledException error = await Assert.ThrowsAsync<AmqpConsumerCancelledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(queue.QueueName, error.Queue);
        Assert.True(channel.IsOpen);
    }

    [BrokerFact]
    public async Task Deleting_the_queue_cancels_its_consumer_and_the_cancel_is_observable()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        await using AmqpChannel admin = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync(Broker.UniqueName("doomed"), durable: false, autoDelete: false);
        AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName, (_, _) => ValueTask.CompletedTask);

        await admin.QueueDeleteAsync(queue.QueueName);

        ConsumerStopReason reason = await consumer.Stopped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ConsumerStopReason.CancelledByBroker, reason);
        Assert.True(channel.IsOpen);
        await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
    }

    [BrokerFact]
    public async Task Deliveries_buffered_when_the_channel_closes_are_not_handed_out_and_the_broker_requeues_them()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel admin = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await admin.QueueDeclareAsync(Broker.UniqueName("buffered"), durable: false, autoDelete: false);
        try
        {
            AmqpChannel channel = await connection.OpenChannelAsync();
            AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName);
            for (int i = 0; i < 5; i++) await admin.PublishAsync("", queue.QueueName, "buffered"u8.ToArray());
            for (var timer = System.Diagnostics.Stopwatch.StartNew(); timer.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(20))
            {
                if ((await admin.QueueDeclarePassiveAsync(queue.QueueName)).MessageCount == 0) break; // all 5 delivered, unread
            }

            await channel.CloseAsync();

            Assert.Equal(ConsumerStopReason.ChannelClosed, await consumer.Stopped.WaitAsync(TimeSpan.FromSeconds(5)));
            var handedOut = new List<Delivery>();
            await foreach (Delivery delivery in consumer.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token))
            {
                handedOut.Add(delivery); // their tags are dead: none may come out
            }

            Assert.Empty(handedOut);
            uint requeued = 0;
            for (var timer = System.Diagnostics.Stopwatch.StartNew(); requeued < 5 && timer.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(20))
            {
                requeued = (await admin.QueueDeclarePassiveAsync(queue.QueueName)).MessageCount; // the broker requeues as the channel ends
            }

            Assert.Equal(5u, requeued);
        }
        finally
        {
            await admin.QueueDeleteAsync(queue.QueueName);
        }
    }

    [BrokerFact]
    public async Task Acks_sent_together_never_settle_a_delivery_the_application_still_holds()
    {
        // The handler thread holds acks and sends an in-order run as one multiple ack; a delivery left unsettled in the
        // middle must stop that, or the multiple ack would settle it too and it would be lost when the channel closes.
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel admin = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await admin.QueueDeclareAsync(Broker.UniqueName("held"), durable: false, autoDelete: false);
        try
        {
            for (int i = 0; i < 50; i++) await admin.PublishAsync("", queue.QueueName, NumberedMessages.Body(i));
            AmqpChannel channel = await connection.OpenChannelAsync();
            var handled = new List<int>();
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await channel.ConsumeAsync(queue.QueueName, async (delivery, ct) =>
            {
                int number = NumberedMessages.Number(delivery);
                handled.Add(number);
                if (number == 30) await delivery.NackAsync(requeue: false, ct); // settled: gone for good
                else if (number != 20) await delivery.AckAsync(ct); // 20 is held, never settled
                if (handled.Count == 50) done.TrySetResult();
            });
            await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(100); // the acks after the last handler reach the broker

            Assert.Equal(0u, (await admin.QueueDeclarePassiveAsync(queue.QueueName)).MessageCount);
            await channel.CloseAsync(); // the broker requeues what this channel left unsettled: only 20

            GetResult? left = null;
            for (var timer = System.Diagnostics.Stopwatch.StartNew(); left is null && timer.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(20))
            {
                left = await admin.BasicGetAsync(queue.QueueName, autoAck: true);
            }

            Assert.NotNull(left);
            Assert.Equal(20, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(left.Body.Span));
            Assert.Null(await admin.BasicGetAsync(queue.QueueName, autoAck: true));
        }
        finally
        {
            await admin.QueueDeleteAsync(queue.QueueName);
        }
    }

    [BrokerFact]
    public async Task Client_cancel_stops_the_consumer()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);
        AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName, new ConsumerOptions { ConsumerTag = "my-tag" });
        Assert.Equal("my-tag", consumer.ConsumerTag);

        await consumer.CancelAsync();

        Assert.Equal(ConsumerStopReason.CancelledByClient, await consumer.Stopped.WaitAsync(TimeSpan.FromSeconds(5)));
        QueueDeclareResult counts = await channel.QueueDeclarePassiveAsync(queue.QueueName);
        Assert.Equal(0u, counts.ConsumerCount);
    }

    [BrokerFact]
    public async Task Batch_receive_returns_at_most_the_limit_and_respects_the_timeout()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.ConfirmSelectAsync();
        for (int i = 0; i < 25; i++) await channel.PublishAsync("", queue.QueueName, new[] { (byte)i });

        await channel.BasicQosAsync(100);
        AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName);
        var received = new List<byte>();
        using (DeliveryBatch first = await consumer.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(10, first.Count);
            for (int i = 0; i < first.Count; i++) received.Add(first[i].Body.Span[0]);
            await first.AckAllAsync();
        }

        using (DeliveryBatch second = await consumer.ReceiveBatchAsync(100, TimeSpan.FromMilliseconds(500)))
        {
            Assert.Equal(15, second.Count);
            for (int i = 0; i < second.Count; i++) received.Add(second[i].Body.Span[0]);
            await second.AckAllAsync();
        }

        var timer = System.Diagnostics.Stopwatch.StartNew();
        using (DeliveryBatch empty = await consumer.ReceiveBatchAsync(10, TimeSpan.FromMilliseconds(300)))
        {
            Assert.Equal(0, empty.Count);
        }

        Assert.InRange(timer.ElapsedMilliseconds, 250, 5000);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (byte)i), received);
    }

    [BrokerFact]
    public async Task A_throwing_handler_gets_its_message_requeued_once_and_then_rejected()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        string deadLetters = Broker.UniqueName("dlq");
        await channel.QueueDeclareAsync(deadLetters, durable: false, exclusive: true);
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, arguments: new Dictionary<string, object?>
        {
            ["x-dead-letter-exchange"] = "",
            ["x-dead-letter-routing-key"] = deadLetters,
        });

        int attempts = 0;
        await using AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName, (delivery, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("handler bug");
        });
        await channel.PublishAsync("", queue.QueueName, "poison"u8.ToArray());

        GetResult? deadLettered = await TopologyAndPublishingTests.PollAsync(channel, deadLetters);
        Assert.NotNull(deadLettered);
        Assert.Equal("poison", Encoding.UTF8.GetString(deadLettered.Body.Span));
        Assert.Equal(2, attempts);
    }
}

public sealed class ConcurrentConsumingTests
{
    [BrokerFact]
    public async Task A_handler_consumer_with_concurrency_runs_handlers_in_parallel()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.BasicQosAsync(8);
        for (int i = 0; i < 8; i++) await channel.PublishAsync("", queue.QueueName, new byte[1]);

        int running = 0;
        int maxRunning = 0;
        int done = 0;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName, async (delivery, ct) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            ulong tag = delivery.DeliveryTag;
            await Task.Delay(200, ct);
            Interlocked.Decrement(ref running);
            await channel.BasicAckAsync(tag, cancellationToken: ct);
            if (Interlocked.Increment(ref done) == 8) allDone.TrySetResult();
        }, new ConsumerOptions { Concurrency = 4 });

        await allDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(maxRunning, 2, 4);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
