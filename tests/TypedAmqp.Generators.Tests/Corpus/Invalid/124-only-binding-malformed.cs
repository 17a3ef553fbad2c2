// TAMQP005 on the only binding key, which is malformed; the broker would take it literally, so TAMQP006 rightly follows on the publisher.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record A(string X);

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders { [RoutingKey("order.created")] ValueTask /*!TAMQP006*/Created(A m); }

[Queue("orders.q")]
/*!TAMQP005*/[Binding(typeof(IOrders), "order.created*")]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
