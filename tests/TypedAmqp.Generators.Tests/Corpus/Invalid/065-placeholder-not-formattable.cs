// TAMQP017: placeholders of a list, a bool, an object, a nested record and a nullable int.
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
public sealed record Order(List<string> Tags, bool Urgent, object Extra, Address Address, int? Maybe, string Region);

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders
{
    /*!TAMQP017*/[RoutingKey("order.{Tags}")] ValueTask A(Order m);
    /*!TAMQP017*/[RoutingKey("order.{Urgent}")] ValueTask B(Order m);
    /*!TAMQP017*/[RoutingKey("order.{Extra}")] ValueTask D(Order m);
    /*!TAMQP017*/[RoutingKey("order.{Address}")] ValueTask E(Order m);
    /*!TAMQP017*/[RoutingKey("order.{Maybe}")] ValueTask F(Order m);
    [RoutingKey("order.{Region}")] ValueTask Ok(Order m);
}

[Queue("orders.q")]
[Binding(typeof(IOrders), "order.*")]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
