// TAMQP001 twice: three contracts declare one exchange, the second and third differ from the first.
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

[Exchange("events", ExchangeKind.Topic)]
public interface IA { [RoutingKey("a")] ValueTask Publish(A m); }

/*!TAMQP001*/[Exchange("events", ExchangeKind.Fanout)]
public interface IB { ValueTask Publish(A m); }

/*!TAMQP001*/[Exchange("events", ExchangeKind.Topic, AutoDelete = true)]
public interface IC { [RoutingKey("a")] ValueTask Publish(A m); }

[Queue("events.q")]
[Binding(typeof(IA), "a")]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
