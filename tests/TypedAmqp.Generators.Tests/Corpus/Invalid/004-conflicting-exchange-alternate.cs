// TAMQP001: the same exchange declared with and without an alternate exchange (arguments differ).
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

[Exchange("events.ae", ExchangeKind.Fanout)]
public interface IAlternate { }

[Exchange("events", ExchangeKind.Fanout, AlternateExchange = "events.ae")]
public interface IA { ValueTask P(Ping m); }

/*!TAMQP001*/[Exchange("events", ExchangeKind.Fanout)]
public interface IB { ValueTask P(Ping m); }

[Queue("events.q")]
[Binding(typeof(IA))]
public interface IQ { }

[Queue("events.ae.q")]
[Binding(typeof(IAlternate))]
public interface IAq { }

[JsonSerializable(typeof(Ping))]
public sealed partial class Json : JsonSerializerContext { }
