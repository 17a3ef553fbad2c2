// TAMQP001: the same exchange declared durable and non-durable.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Ping(string Name);

[Exchange("events", ExchangeKind.Fanout)]
public interface IA { ValueTask P(Ping m); }

/*!TAMQP001*/[Exchange("events", ExchangeKind.Fanout, Durable = false)]
public interface IB { ValueTask P(Ping m); }

[Queue("events.q")]
[Binding(typeof(IA))]
public interface IQ { }

[JsonSerializable(typeof(Ping))]
public sealed partial class Json : JsonSerializerContext { }
