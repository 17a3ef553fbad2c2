// TAMQP001: an exchange both declared here as topic and stated external as fanout.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]
[assembly: /*!TAMQP031*/ExternalExchange("orders", ExchangeKind.Fanout)]

namespace C;

public sealed record A(string X);

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders { [RoutingKey("order.x")] ValueTask Publish(A m); }

[Queue("orders.q")]
[Binding(typeof(IOrders), "order.*")]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
