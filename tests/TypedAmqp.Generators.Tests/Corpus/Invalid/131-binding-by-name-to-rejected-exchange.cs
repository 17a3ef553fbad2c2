// TAMQP020 only: a generic exchange contract is rejected, and a queue binds to its exchange by name.
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
public interface /*!TAMQP020*/IEvents<T> { [RoutingKey("e.x")] ValueTask Publish(T m); }

[Queue("events.q")]
[Binding("events", "e.*")]
[Consumer]
public interface IHandler { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
