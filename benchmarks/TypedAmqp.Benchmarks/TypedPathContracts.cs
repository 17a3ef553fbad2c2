using System.Text.Json.Serialization;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(TypedAmqp.Benchmarks.TypedPathJson))]

namespace TypedAmqp.Benchmarks;

/// <summary>A typical small message: about 250 bytes of JSON.</summary>
[MessageType("bench.order-placed")]
public sealed record BenchOrder(Guid OrderId, string Customer, string Region, decimal Total, int Quantity, DateTime PlacedAt, string[] Tags);

[Exchange("bench.orders", ExchangeKind.Direct, Durable = false)]
public interface IBenchOrders
{
    [RoutingKey("order")]
    ValueTask Placed(BenchOrder order, CancellationToken cancellationToken = default);
}

[Queue("bench.orders", Durable = false)]
[Binding(typeof(IBenchOrders), "order")]
[Consumer(Prefetch = 1000)]
public interface IBenchOrderHandler
{
    ValueTask Handle(BenchOrder order, CancellationToken cancellationToken);
}

[JsonSerializable(typeof(BenchOrder))]
internal sealed partial class TypedPathJson : JsonSerializerContext;
