// TAMQP016: placeholders naming a set-only property and the indexer (Item).
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
    public string WriteOnly { set { } }
    public int this[int i] => i;
}

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders
{
    /*!TAMQP016*/[RoutingKey("order.{WriteOnly}")] ValueTask B(Order m);
    /*!TAMQP016*/[RoutingKey("order.{Item}")] ValueTask D(Order m);
    [RoutingKey("order.{Region}")] ValueTask Ok(Order m);
}

[Queue("orders.q")]
[Binding(typeof(IOrders), "order.*")]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
