// A publisher method whose message parameter is annotated nullable (OrderCreated? message).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Nullables.NJson))]

namespace Nullables;

public sealed record OrderCreated(string? Region, string Id);

[Exchange("nullables", ExchangeKind.Topic)]
public interface INullables
{
    [RoutingKey("order.{Region}")] ValueTask Maybe(OrderCreated? message);
}

[Queue("nullables.q")]
[Binding(typeof(INullables), "order.*")]
[Consumer]
public interface INullableHandler
{
    ValueTask Handle(OrderCreated? message, MessageContext context, CancellationToken ct);
}

[JsonSerializable(typeof(OrderCreated))]
public sealed partial class NJson : JsonSerializerContext { }
