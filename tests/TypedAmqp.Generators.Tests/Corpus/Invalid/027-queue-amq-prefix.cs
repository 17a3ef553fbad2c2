// TAMQP008: a queue name with the reserved amq. prefix.
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

[Exchange("orders", ExchangeKind.Fanout)]
public interface IOrders { ValueTask Publish(Order m); }

/*!TAMQP008*/[Queue("amq.orders")]
[Binding(typeof(IOrders))]
[Consumer]
public interface IQ { ValueTask Handle(Order m); }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
