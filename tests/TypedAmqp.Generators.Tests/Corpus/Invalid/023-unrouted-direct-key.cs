// TAMQP006: a direct publisher key matching no binding, while a placeholder key does match.
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

[Exchange("orders", ExchangeKind.Direct)]
public interface IOrders
{
    [RoutingKey("created")] ValueTask /*!TAMQP006*/Created(Order m);
    [RoutingKey("order-{Id}")] ValueTask ById(Order m);
}

[Queue("orders.q")]
[Binding(typeof(IOrders), "order-42")]
[Binding(typeof(IOrders), "create")]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
