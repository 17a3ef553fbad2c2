// TAMQP006: a topic publisher whose literal key matches none of the exchange's bindings.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Order(string Id);

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders
{
    [RoutingKey("order.created")] ValueTask /*!TAMQP006*/Created(Order m);
    [RoutingKey("order.cancelled")] ValueTask Cancelled(Order m);
    [RoutingKey("order.created.{Id}.x")] ValueTask /*!TAMQP006*/Deep(Order m);
}

[Queue("orders.q")]
[Binding(typeof(IOrders), "order.cancelled")]
[Binding(typeof(IOrders), "order.*.*")]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
