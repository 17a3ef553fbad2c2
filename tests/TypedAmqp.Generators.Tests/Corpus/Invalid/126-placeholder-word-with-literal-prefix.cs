// TAMQP006: a topic key word mixing a literal and a placeholder (v{Version}) can never equal the bound word 'created'.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record A(int Version, string Region);

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders
{
    [RoutingKey("order.v{Version}")] ValueTask /*!TAMQP006*/Versioned(A m);
    [RoutingKey("order.{Region}-eu")] ValueTask /*!TAMQP006*/Regional(A m);
    [RoutingKey("order.created")] ValueTask Created(A m);
}

[Queue("orders.q")]
[Binding(typeof(IOrders), "order.created")]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
