using System.Diagnostics;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Messaging;

namespace TypedAmqp.Compare;

/// <summary>Typed publishing, consuming and round trips through the generated publishers and dispatchers, with JSON bodies.</summary>
internal sealed class TypedAmqpTypedClient : ITypedClientUnderTest
{
    private readonly AmqpConnection _connection;
    private readonly AmqpMessaging _messaging;
    private readonly ICompareOrders _orders;
    private readonly ICompareOrderQueries _queries;

    private TypedAmqpTypedClient(AmqpConnection connection, AmqpMessaging messaging)
    {
        Name = messaging.RunHandlersOnReaderThread ? "TypedAmqp (generated)" : "TypedAmqp (generated, handlers on own thread)";
        _connection = connection;
        _messaging = messaging;
        _orders = messaging.CreateCompareOrdersPublisher();
        _queries = messaging.CreateCompareOrderQueriesPublisher();
    }

    public string Name { get; }

    public string Queue => "typedamqp.compare.typed";

    /// <param name="handlersOnOwnThread">Runs each generated handler on its consumer's own thread instead of the reader thread (<see cref="AmqpMessaging.RunHandlersOnReaderThread"/> off).</param>
    public static async Task<TypedAmqpTypedClient> ConnectAsync(string uri, bool handlersOnOwnThread)
    {
        AmqpConnection connection = await AmqpConnection.ConnectAsync(uri);
        var messaging = new AmqpMessaging(connection) { RunHandlersOnReaderThread = !handlersOnOwnThread };
        await messaging.DeclareAsync(MessagingTopology.Description);
        return new TypedAmqpTypedClient(connection, messaging);
    }

    public async Task PublishConfirmedAsync(int count, int inFlight)
    {
        var pending = new Queue<ValueTask>(inFlight);
        for (int i = 0; i < count; i++)
        {
            if (pending.Count == inFlight) await pending.Dequeue();
            pending.Enqueue(_orders.Placed(SampleMessages.Order));
        }

        while (pending.Count > 0) await pending.Dequeue();
    }

    public async Task ConsumeAsync(int count)
    {
        var handler = new CountingHandler(count);
        await using IMessageSubscription consumer = await _messaging.StartCompareOrderHandlerAsync(handler);
        await handler.Done.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    public async Task<double[]> RequestResponseAsync(int count)
    {
        await using IMessageSubscription responder = await _messaging.StartCompareOrderQueryHandlerAsync(new StatusResponder());
        var latencies = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            _ = await _queries.Query(SampleMessages.Query);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return latencies;
    }

    public async ValueTask DisposeAsync()
    {
        await _messaging.DisposeAsync();
        await _connection.CloseAsync();
    }

    private sealed class CountingHandler(int expected) : ICompareOrderHandler
    {
        private int _received;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask Handle(OrderPlaced order, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _received) == expected) Done.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class StatusResponder : ICompareOrderQueryHandler
    {
        public ValueTask<OrderStatus> Handle(OrderQuery query, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new OrderStatus(query.OrderId, "accepted", 129.95m));
    }
}
