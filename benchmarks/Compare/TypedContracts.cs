using System.Text.Json.Serialization;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(TypedAmqp.Compare.CompareJson))]

// The comparison runs against the RabbitMQ 3.10 node eng/broker.sh starts, so its contracts follow 3.10's rules
// (transient queues, deprecated from 4.0, keep the comparison free of disk writes).
[assembly: TargetBroker("3.10")]

namespace TypedAmqp.Compare;

/// <summary>The typed scenarios' message: a small order record, about 250 bytes of JSON.</summary>
[MessageType("compare.order-placed")]
public sealed record OrderPlaced(Guid OrderId, string Customer, string Region, decimal Total, int Quantity, DateTime PlacedAt, string[] Tags);

[Exchange("typedamqp.compare.typed", ExchangeKind.Direct, Durable = false)]
public interface ICompareOrders
{
    [RoutingKey("order")]
    ValueTask Placed(OrderPlaced order, CancellationToken cancellationToken = default);
}

[Queue("typedamqp.compare.typed", Durable = false)]
[Binding(typeof(ICompareOrders), "order")]
[Consumer(Prefetch = 1000)]
public interface ICompareOrderHandler
{
    ValueTask Handle(OrderPlaced order, CancellationToken cancellationToken);
}

/// <summary>The request of the typed round trips.</summary>
[MessageType("compare.order-query")]
public sealed record OrderQuery(Guid OrderId, string Customer);

/// <summary>The reply of the typed round trips.</summary>
[MessageType("compare.order-status")]
public sealed record OrderStatus(Guid OrderId, string Status, decimal Total);

[Exchange("typedamqp.compare.typed-queries", ExchangeKind.Direct, Durable = false)]
public interface ICompareOrderQueries
{
    [RoutingKey("query")]
    [ReplyTimeout(10_000)]
    ValueTask<OrderStatus> Query(OrderQuery query, CancellationToken cancellationToken = default);
}

[Queue("typedamqp.compare.typed-queries", Durable = false)]
[Binding(typeof(ICompareOrderQueries), "query")]
[Consumer(Prefetch = 100)]
public interface ICompareOrderQueryHandler
{
    ValueTask<OrderStatus> Handle(OrderQuery query, CancellationToken cancellationToken);
}

/// <summary>The messages every typed scenario sends, whichever library sends them.</summary>
internal static class SampleMessages
{
    public static OrderPlaced Order { get; } = new(
        Guid.NewGuid(), "customer-4711@example.com", "eu-west", 129.95m, 3, new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc), ["express", "gift", "priority"]);

    public static OrderQuery Query { get; } = new(Order.OrderId, Order.Customer);
}

[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(OrderQuery))]
[JsonSerializable(typeof(OrderStatus))]
internal sealed partial class CompareJson : JsonSerializerContext;
