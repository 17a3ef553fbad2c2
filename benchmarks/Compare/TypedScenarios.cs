using TypedAmqp.Generated;
using TypedAmqp.Messaging;

namespace TypedAmqp.Compare;

/// <summary>Typed publishing and consuming through the generated publisher and dispatcher, with JSON bodies.</summary>
internal sealed class TypedScenarios : IAsyncDisposable
{
    public const string Queue = "typedamqp.compare.typed";

    private readonly AmqpConnection _connection;
    private readonly AmqpMessaging _messaging;
    private readonly ICompareOrders _orders;

    private TypedScenarios(AmqpConnection connection, AmqpMessaging messaging)
    {
        _connection = connection;
        _messaging = messaging;
        _orders = messaging.CreateCompareOrdersPublisher();
    }

    public static OrderPlaced Sample { get; } = new(
        Guid.NewGuid(), "customer-4711@example.com", "eu-west", 129.95m, 3, new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc), ["express", "gift", "priority"]);

    public static async Task<TypedScenarios> ConnectAsync(string uri)
    {
        AmqpConnection connection = await AmqpConnection.ConnectAsync(uri);
        var messaging = new AmqpMessaging(connection);
        await messaging.DeclareAsync(MessagingTopology.Description);
        return new TypedScenarios(connection, messaging);
    }

    public async Task PublishConfirmedAsync(int count, int inFlight)
    {
        var pending = new Queue<ValueTask>(inFlight);
        for (int i = 0; i < count; i++)
        {
            if (pending.Count == inFlight) await pending.Dequeue();
            pending.Enqueue(_orders.Placed(Sample));
        }

        while (pending.Count > 0) await pending.Dequeue();
    }

    public async Task ConsumeAsync(int count)
    {
        var handler = new CountingHandler(count);
        await using AmqpConsumer consumer = await _messaging.StartCompareOrderHandlerAsync(handler);
        await handler.Done.Task.WaitAsync(TimeSpan.FromMinutes(2));
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
}
