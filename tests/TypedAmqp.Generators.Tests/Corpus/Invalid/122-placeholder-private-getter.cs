// TAMQP016: a placeholder naming a public property whose getter is private.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed class Order
{
    public string Region { get; set; } = "";
    public string Hidden { private get; set; } = "";
}

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders
{
    /*!TAMQP016*/[RoutingKey("order.{Hidden}")] ValueTask A(Order m);
    [RoutingKey("order.{Region}")] ValueTask Ok(Order m);
}

[Queue("orders.q")]
[Binding(typeof(IOrders), "order.*")]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
