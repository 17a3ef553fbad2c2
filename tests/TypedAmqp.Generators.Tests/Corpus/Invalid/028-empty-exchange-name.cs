// TAMQP008: an exchange declared with an empty name (the default exchange).
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

/*!TAMQP008*/[Exchange("", ExchangeKind.Direct)]
public interface IDefault { [RoutingKey("orders.q")] ValueTask Publish(Order m); }

[Queue("orders.q")]
[Binding(typeof(IDefault), "orders.q")]
public interface IQ { }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
