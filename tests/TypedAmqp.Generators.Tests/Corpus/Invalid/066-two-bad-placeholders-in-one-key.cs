// TAMQP016 and TAMQP017 on one routing key with two bad placeholders.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Order(List<string> Tags, string Region);

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders
{
    /*!TAMQP016,TAMQP017*/[RoutingKey("order.{Nope}.{Tags}")] ValueTask A(Order m);
    [RoutingKey("order.{Region}.x")] ValueTask Ok(Order m);
}

[Queue("orders.q")]
[Binding(typeof(IOrders), "order.*.*")]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
