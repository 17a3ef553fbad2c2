// TAMQP016: placeholders naming a missing member, a wrongly-cased one and an empty name.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Order(string Region, int Id);

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders
{
    /*!TAMQP016*/[RoutingKey("order.{Missing}")] ValueTask A(Order m);
    /*!TAMQP016*/[RoutingKey("order.{region}")] ValueTask B(Order m);
    /*!TAMQP016*/[RoutingKey("order.{}")] ValueTask D(Order m);
    [RoutingKey("order.{Region}")] ValueTask Ok(Order m);
}

[Queue("orders.q")]
[Binding(typeof(IOrders), "order.*")]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
