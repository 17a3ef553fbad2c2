// TAMQP001: the same exchange declared topic by one contract and direct by another.
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

[Exchange("events", ExchangeKind.Topic)]
public interface IA { [RoutingKey("ping")] ValueTask P(Ping m); }

/*!TAMQP001*/[Exchange("events", ExchangeKind.Direct)]
public interface IB { [RoutingKey("ping")] ValueTask P(Ping m); }

[Queue("events.q")]
[Binding(typeof(IA), "ping")]
public interface IQ { }

[JsonSerializable(typeof(Ping))]
public sealed partial class Json : JsonSerializerContext { }
