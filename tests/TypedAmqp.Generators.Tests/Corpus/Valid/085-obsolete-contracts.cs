// An [Obsolete] publisher contract, an [Obsolete] message type and an [Obsolete] handler (generated code must not warn).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Legacy.LJson))]

namespace Legacy;

[Obsolete("use OrderPlacedV2")]
public sealed record OrderPlaced(int Id);

public sealed record OrderPlacedV2(int Id, string Region);

[Obsolete("use IOrdersV2")]
[Exchange("orders.v1", ExchangeKind.Fanout)]
public interface IOrdersV1
{
#pragma warning disable CS0618
    ValueTask Placed(OrderPlaced message);
#pragma warning restore CS0618
}

[Exchange("orders.v2", ExchangeKind.Topic)]
public interface IOrdersV2
{
    [Obsolete("publish Placed")]
    [RoutingKey("placed.{Region}")] ValueTask PlacedOld(OrderPlacedV2 message);
    [RoutingKey("placed.{Region}")] ValueTask Placed(OrderPlacedV2 message);
}

[Queue("orders.all")]
#pragma warning disable CS0618
[Binding(typeof(IOrdersV1))]
#pragma warning restore CS0618
[Binding(typeof(IOrdersV2), "placed.*")]
[Consumer]
public interface IOrderHandler
{
#pragma warning disable CS0618
    ValueTask Handle(OrderPlaced message);
#pragma warning restore CS0618
    [Obsolete("handled by the v2 handler")]
    ValueTask Handle(OrderPlacedV2 message);
}

#pragma warning disable CS0618
[JsonSerializable(typeof(OrderPlaced))]
#pragma warning restore CS0618
[JsonSerializable(typeof(OrderPlacedV2))]
public sealed partial class LJson : JsonSerializerContext { }
