// TAMQP020 only: a generic consumer contract is rejected, but its [Binding] still routes the publisher's messages.
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

[Exchange("events", ExchangeKind.Fanout)]
public interface /*!TAMQP020*/IEvents<T> { ValueTask Publish(T m); }

[Exchange("events.ok", ExchangeKind.Fanout)]
public interface IOk { ValueTask Publish(A m); }

[Queue("events.q")]
[Binding(typeof(IOk))]
[Consumer]
public interface /*!TAMQP020*/IHandler<T> { ValueTask Handle(T m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
