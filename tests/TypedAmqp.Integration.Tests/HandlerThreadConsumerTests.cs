using TypedAmqp.Amqp091;

namespace TypedAmqp.Integration;

/// <summary>
/// A handler consumer with concurrency 1 whose handler runs on the consumer's own thread
/// (<see cref="ConsumerOptions.RunHandlerOnReaderThread"/> off). Order is kept, the acknowledgements it holds to send
/// together never wait behind a handler, and a handler that blocks holds only its own consumer.
/// </summary>
public sealed class HandlerThreadConsumerTests
{
    private static ConsumerOptions OwnThread() => new() { RunHandlerOnReaderThread = false };

    [BrokerFact]
    public Task Deliveries_are_handled_in_order_on_the_consumers_thread_and_acked() =>
        NumberedMessages.AssertHandledInOrderAndAckedAsync(OwnThread(), "TypedAmqp handler");

    [BrokerFact]
    public async Task An_ack_is_sent_before_the_thread_waits_for_a_later_handler_that_awaits()
    {
        // Prefetch 3 and five messages. The first handler works for a while, so that the second and third arrive and
        // are handled in one run. The second acks; the third awaits until the end. The fifth message can reach the
        // consumer (and leave the queue) only once the broker has the second one's ack, so a held ack keeps it there.
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: false, autoDelete: true);
        await channel.BasicQosAsync(3);
        for (int i = 0; i < 5; i++) await channel.PublishAsync("", queue.QueueName, NumberedMessages.Body(i));

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thirdStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName, async (delivery, ct) =>
        {
            int n = NumberedMessages.Number(delivery);
            if (n == 0) Thread.Sleep(300);
            if (n == 2)
            {
                thirdStarted.TrySetResult();
                await release.Task;
            }

            await delivery.AckAsync(ct);
        }, OwnThread());

        await thirdStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Watched from another connection: a frame written on this one would carry held acks out with it.
        await using AmqpConnection watching = await Broker.ConnectAsync();
        await using AmqpChannel observer = await watching.OpenChannelAsync();
        uint ready = 1;
        for (int attempt = 0; attempt < 30 && ready != 0; attempt++)
        {
            await Task.Delay(100);
            ready = (await observer.QueueDeclarePassiveAsync(queue.QueueName)).MessageCount;
        }

        release.SetResult();
        Assert.Equal(0u, ready);
    }

    [BrokerFact]
    public async Task Acks_held_for_later_deliveries_still_leave_when_none_come()
    {
        // With prefetch 100 the thread may keep up to 50 acks held after a run, waiting for the next deliveries' acks to
        // leave with them, but for a millisecond at most. One message, acked, and then nothing else: the ack must reach
        // the broker on its own. The broker then kills the connection, which writes nothing more on its way out, so a
        // message whose ack was still held would go back to the queue.
        string name = "held-acks-" + Guid.NewGuid().ToString("N");
        AmqpConnection connection = await Broker.ConnectAsync(name);
        await using AmqpConnection watching = await Broker.ConnectAsync();
        await using AmqpChannel observer = await watching.OpenChannelAsync();
        QueueDeclareResult queue = await observer.QueueDeclareAsync(Broker.UniqueName("held-acks"), durable: false, autoDelete: false);
        try
        {
            AmqpChannel channel = await connection.OpenChannelAsync();
            await channel.BasicQosAsync(100);
            await observer.PublishAsync("", queue.QueueName, NumberedMessages.Body(1));
            var acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await channel.ConsumeAsync(queue.QueueName, async (delivery, ct) =>
            {
                await delivery.AckAsync(ct);
                acked.TrySetResult();
            }, OwnThread());
            await acked.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(200);

            await BrokerControl.ForceCloseConnectionAsync(name, "no goodbyes");
            await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));

            await Task.Delay(100);
            Assert.Equal(0u, (await observer.QueueDeclarePassiveAsync(queue.QueueName)).MessageCount);
        }
        finally
        {
            await observer.QueueDeleteAsync(queue.QueueName);
            await connection.DisposeAsync();
        }
    }

    [BrokerFact]
    public async Task A_handler_may_block_on_a_confirmed_publish_through_its_own_connection()
    {
        // Only acknowledgements are held on the handler thread: a publish goes out at once, so a handler that waits
        // synchronously for its confirm is not waiting on a frame its own thread holds.
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        await using AmqpChannel confirming = await connection.OpenChannelAsync();
        await confirming.ConfirmSelectAsync();
        QueueDeclareResult inbox = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);
        QueueDeclareResult outbox = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);
        for (int i = 0; i < 3; i++) await channel.PublishAsync("", inbox.QueueName, NumberedMessages.Body(i));

        int handled = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using AmqpConsumer consumer = await channel.ConsumeAsync(inbox.QueueName, (delivery, ct) =>
        {
            confirming.PublishAsync("", outbox.QueueName, delivery.Body, cancellationToken: ct).AsTask().GetAwaiter().GetResult();
            delivery.AckAsync(ct).AsTask().GetAwaiter().GetResult();
            if (++handled == 3) done.TrySetResult();
            return ValueTask.CompletedTask;
        }, OwnThread());

        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3u, (await channel.QueueDeclarePassiveAsync(outbox.QueueName)).MessageCount);
    }

    [BrokerFact]
    public async Task A_blocked_handler_holds_only_its_own_consumer()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult slow = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);
        QueueDeclareResult fast = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);

        using var unblock = new ManualResetEventSlim();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using AmqpConsumer blocking = await channel.ConsumeAsync(slow.QueueName, (delivery, ct) =>
        {
            blocked.TrySetResult();
            unblock.Wait(TimeSpan.FromSeconds(30)); // a synchronous wait, as a handler calling a blocking API would
            return delivery.AckAsync(ct);
        }, OwnThread());
        var fastHandled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using AmqpConsumer other = await channel.ConsumeAsync(fast.QueueName, async (delivery, ct) =>
        {
            await delivery.AckAsync(ct);
            fastHandled.TrySetResult(NumberedMessages.Number(delivery));
        }, OwnThread());

        await channel.PublishAsync("", slow.QueueName, NumberedMessages.Body(1));
        await blocked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await channel.PublishAsync("", fast.QueueName, NumberedMessages.Body(2));
        try
        {
            Assert.Equal(2, await fastHandled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            unblock.Set();
        }
    }
}
