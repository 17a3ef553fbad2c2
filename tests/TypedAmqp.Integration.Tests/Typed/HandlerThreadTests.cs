using System.Collections.Concurrent;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Typed;

/// <summary>Where generated handlers run: the reader thread, or the consumer's own handler thread when asked.</summary>
public sealed class HandlerThreadTests
{
    private const int Orders = 5;

    private sealed class ThreadRecorder : IOrderAudit
    {
        public ConcurrentQueue<(decimal Amount, string? Thread)> Handled { get; } = new();

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask Handle(OrderPlaced order, CancellationToken cancellationToken)
        {
            Handled.Enqueue((order.Amount, Thread.CurrentThread.Name));
            if (Handled.Count == Orders) Done.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    [BrokerFact]
    public Task Generated_handlers_run_on_the_reader_thread_by_default() => AssertHandlersRunOnAsync(onReaderThread: null, "TypedAmqp reader");

    [BrokerFact]
    public Task Generated_handlers_run_on_the_consumers_handler_thread_when_asked() => AssertHandlersRunOnAsync(onReaderThread: false, "TypedAmqp handler");

    private static async Task AssertHandlersRunOnAsync(bool? onReaderThread, string expectedThread)
    {
        await using AmqpConnection connection = await Broker.ConnectAsync("handler-thread-tests");
        await using var messaging = onReaderThread is { } reader ? new AmqpMessaging(connection) { RunHandlersOnReaderThread = reader } : new AmqpMessaging(connection);
        await messaging.DeclareAsync(MessagingTopology.Description);
        await using (AmqpChannel channel = await connection.OpenChannelAsync()) await channel.QueuePurgeAsync("typedamqp.it.orders.audit");

        var recorder = new ThreadRecorder();
        await using IMessageSubscription consumer = await messaging.StartOrderAuditAsync(recorder);
        IOrderFeed feed = messaging.CreateOrderFeedPublisher();
        for (int i = 0; i < Orders; i++) await feed.Placed(new OrderPlaced(Guid.NewGuid(), "audit", i));

        await recorder.Done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, Orders).Select(i => (decimal)i), recorder.Handled.Select(h => h.Amount));
        Assert.All(recorder.Handled, h => Assert.Equal(expectedThread, h.Thread));
    }
}
