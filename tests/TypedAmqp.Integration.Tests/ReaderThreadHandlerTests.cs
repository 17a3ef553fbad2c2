using TypedAmqp.Amqp091;

namespace TypedAmqp.Integration;

/// <summary>
/// Handlers run on the connection's reader thread (<see cref="ConsumerOptions.RunHandlerOnReaderThread"/>, the default): order is
/// kept, a handler that goes asynchronous neither blocks the connection nor lets later deliveries overtake it, a
/// handler that blocks has reading handed to another thread (so it never deadlocks the connection), and failures are
/// settled as for pooled handlers.
/// </summary>
public sealed class ReaderThreadHandlerTests
{
    [BrokerFact]
    public Task Deliveries_are_handled_in_order_on_the_reader_thread_by_default_and_acked() =>
        NumberedMessages.AssertHandledInOrderAndAckedAsync(options: null, "TypedAmqp reader");

    [BrokerFact]
    public async Task A_handler_that_awaits_does_not_block_the_connection_and_later_deliveries_wait_for_it()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);
        for (int i = 0; i < 3; i++) await channel.PublishAsync("", queue.QueueName, NumberedMessages.Body(i));

        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<int>();
        await using AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName, async (delivery, ct) =>
        {
            int n = NumberedMessages.Number(delivery);
            lock (seen) seen.Add(n);
            if (n == 0)
            {
                firstStarted.TrySetResult();
                await releaseFirst.Task;
            }

            await delivery.AckAsync(ct);
            if (n == 2) allHandled.TrySetResult();
        }, new ConsumerOptions { RunHandlerOnReaderThread = true });

        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The reader thread is free while the first handler waits: RPCs on the same connection complete.
        await using AmqpChannel other = await connection.OpenChannelAsync();
        QueueDeclareResult state = await other.QueueDeclarePassiveAsync(queue.QueueName).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1u, state.ConsumerCount);
        await Task.Delay(200);
        lock (seen) Assert.Equal([0], seen);

        releaseFirst.SetResult();
        await allHandled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (seen) Assert.Equal([0, 1, 2], seen);
    }

    [BrokerFact]
    public async Task A_handler_that_blocks_has_reading_handed_on_so_other_consumers_go_on_and_its_own_deliveries_wait_in_order()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult blocking = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);
        QueueDeclareResult flowing = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);

        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var blockedSeen = new List<int>();
        var blockedDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using AmqpConsumer blocker = await channel.ConsumeAsync(blocking.QueueName, async (delivery, ct) =>
        {
            int n = NumberedMessages.Number(delivery);
            lock (blockedSeen) blockedSeen.Add(n);
            if (n == 0)
            {
                firstStarted.Set();
                releaseFirst.Wait(TimeSpan.FromSeconds(30)); // blocks the thread: no await
            }

            await delivery.AckAsync(ct);
            if (n == 2) blockedDone.TrySetResult();
        }, new ConsumerOptions { RunHandlerOnReaderThread = true });

        var flowed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using AmqpConsumer flower = await channel.ConsumeAsync(flowing.QueueName, (delivery, _) =>
        {
            flowed.TrySetResult(Thread.CurrentThread.Name ?? "");
            return ValueTask.CompletedTask;
        }, new ConsumerOptions { AutoAck = true, RunHandlerOnReaderThread = true });

        await channel.PublishAsync("", blocking.QueueName, NumberedMessages.Body(0));
        Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(10)), "the first handler did not start");
        for (int i = 1; i < 3; i++) await channel.PublishAsync("", blocking.QueueName, NumberedMessages.Body(i));

        // The reader thread is stuck in the handler; another thread reads now: RPCs and the other consumer go on.
        await using AmqpChannel other = await connection.OpenChannelAsync();
        QueueDeclareResult state = await other.QueueDeclarePassiveAsync(blocking.QueueName).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1u, state.ConsumerCount);
        await other.PublishAsync("", flowing.QueueName, NumberedMessages.Body(9));
        Assert.Equal("TypedAmqp reader", await flowed.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        // The blocked consumer's later deliveries arrived meanwhile but wait for the handler in front of them.
        await Task.Delay(100);
        lock (blockedSeen) Assert.Equal([0], blockedSeen);

        releaseFirst.Set();
        await blockedDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (blockedSeen) Assert.Equal([0, 1, 2], blockedSeen);
        Assert.True(connection.IsOpen);
    }

    [BrokerFact]
    public async Task A_handler_that_waits_synchronously_for_a_reply_on_its_own_connection_gets_it()
    {
        // Without the hand-on this deadlocks: the reply can only be read by the thread the handler is blocking.
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult requests = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);
        QueueDeclareResult replies = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);
        QueueDeclareResult inbox = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);

        var replyArrived = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using AmqpConsumer replier = await channel.ConsumeAsync(replies.QueueName, (delivery, _) =>
        {
            replyArrived.TrySetResult(NumberedMessages.Number(delivery));
            return ValueTask.CompletedTask;
        }, new ConsumerOptions { AutoAck = true, RunHandlerOnReaderThread = true });
        await using AmqpConsumer responder = await channel.ConsumeAsync(requests.QueueName, async (delivery, ct) =>
        {
            await channel.PublishAsync("", replies.QueueName, NumberedMessages.Body(NumberedMessages.Number(delivery) + 1), cancellationToken: ct);
        }, new ConsumerOptions { AutoAck = true, RunHandlerOnReaderThread = true });

        var handled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using AmqpConsumer caller = await channel.ConsumeAsync(inbox.QueueName, (delivery, _) =>
        {
            channel.PublishAsync("", requests.QueueName, NumberedMessages.Body(NumberedMessages.Number(delivery))).AsTask().GetAwaiter().GetResult();
            bool replied = replyArrived.Task.Wait(TimeSpan.FromSeconds(10)); // synchronously, on the reader thread
            handled.TrySetResult(replied ? replyArrived.Task.Result : -1);
            return ValueTask.CompletedTask;
        }, new ConsumerOptions { AutoAck = true, RunHandlerOnReaderThread = true });

        await channel.PublishAsync("", inbox.QueueName, NumberedMessages.Body(41));
        Assert.Equal(42, await handled.Task.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [BrokerFact]
    public async Task A_handler_that_throws_has_its_message_requeued_once_then_rejected()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);
        await channel.PublishAsync("", queue.QueueName, NumberedMessages.Body(7));

        var attempts = new List<bool>();
        var rejected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName, (delivery, _) =>
        {
            lock (attempts)
            {
                attempts.Add(delivery.Redelivered);
                if (attempts.Count == 2) rejected.TrySetResult();
            }

            throw new InvalidOperationException("handler failed");
        }, new ConsumerOptions { RunHandlerOnReaderThread = true });

        await rejected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(200);
        lock (attempts) Assert.Equal([false, true], attempts);
        Assert.True(connection.IsOpen);
    }

    [BrokerFact]
    public async Task What_a_handler_publishes_on_another_connection_goes_out_at_once()
    {
        // Frames appended on a connection's own reader thread wait for the end of its read; a handler on this
        // connection's reader thread publishing through another connection must not leave its frames waiting there.
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpConnection other = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        await using AmqpChannel otherChannel = await other.OpenChannelAsync();
        QueueDeclareResult inbox = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);
        QueueDeclareResult forwarded = await channel.QueueDeclareAsync("", durable: false, exclusive: false, autoDelete: true);

        var arrived = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using AmqpConsumer forwarder = await channel.ConsumeAsync(inbox.QueueName, async (delivery, ct) =>
        {
            await otherChannel.PublishAsync("", forwarded.QueueName, delivery.Body, cancellationToken: ct);
            await delivery.AckAsync(ct);
        }, new ConsumerOptions { RunHandlerOnReaderThread = true });
        await using AmqpChannel receiving = await connection.OpenChannelAsync();
        await using AmqpConsumer receiver = await receiving.ConsumeAsync(forwarded.QueueName, (delivery, _) =>
        {
            arrived.TrySetResult(NumberedMessages.Number(delivery));
            return ValueTask.CompletedTask;
        }, new ConsumerOptions { AutoAck = true });

        await channel.PublishAsync("", inbox.QueueName, NumberedMessages.Body(42));

        // The other connection is otherwise idle; a frame stuck in its writer would only leave with its next heartbeat.
        Assert.Equal(42, await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
