namespace TypedAmqp.Integration;

/// <summary>
/// Handlers run on the connection's reader thread (<see cref="ConsumerOptions.RunHandlerOnReaderThread"/>): order is
/// kept, a handler that goes asynchronous neither blocks the connection nor lets later deliveries overtake it, and
/// failures are settled as for pooled handlers.
/// </summary>
public sealed class ReaderThreadHandlerTests
{
    [BrokerFact]
    public Task Deliveries_are_handled_in_order_on_the_reader_thread_and_acked() =>
        NumberedMessages.AssertHandledInOrderAndAckedAsync(new ConsumerOptions { RunHandlerOnReaderThread = true }, "TypedAmqp reader");

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
