using System.Text.Json.Serialization;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(TypedAmqp.Compare.CompareJson))]

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

[JsonSerializable(typeof(OrderPlaced))]
internal sealed partial class CompareJson : JsonSerializerContext;
