// TAMQP016: placeholders with spaces, a member path and a format suffix.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Address(string City);
public sealed record Order(string Region, Address Address, int Id);

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders
{
    /*!TAMQP016*/[RoutingKey("order.{ Region }")] ValueTask A(Order m);
    /*!TAMQP016*/[RoutingKey("order.{Address.City}")] ValueTask B(Order m);
    /*!TAMQP016*/[RoutingKey("order.{Id:D5}")] ValueTask D(Order m);
    [RoutingKey("order.{Region}")] ValueTask Ok(Order m);
}

[Queue("orders.q")]
[Binding(typeof(IOrders), "order.*")]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
