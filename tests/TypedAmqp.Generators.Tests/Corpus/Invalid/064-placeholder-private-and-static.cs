// TAMQP016: placeholders naming a private property, an internal field, a static property and a method.
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
    private string Secret { get; set; } = "";
    internal string Hidden = "";
    public static string Shared { get; set; } = "";
    public string Compute() => Secret + Hidden;
}

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders
{
    /*!TAMQP016*/[RoutingKey("order.{Secret}")] ValueTask A(Order m);
    /*!TAMQP016*/[RoutingKey("order.{Hidden}")] ValueTask B(Order m);
    /*!TAMQP016*/[RoutingKey("order.{Shared}")] ValueTask D(Order m);
    /*!TAMQP016*/[RoutingKey("order.{Compute}")] ValueTask E(Order m);
    [RoutingKey("order.{Region}")] ValueTask Ok(Order m);
}

[Queue("orders.q")]
[Binding(typeof(IOrders), "order.*")]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
