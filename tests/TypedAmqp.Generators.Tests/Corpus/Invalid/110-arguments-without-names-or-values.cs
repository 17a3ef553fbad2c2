// TAMQP009: queue [Argument]s with a null name, an empty name and an array value.
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

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk { ValueTask Publish(A m); }

[Queue("ok.q")]
/*!TAMQP027*/[Argument(null!, 1)]
/*!TAMQP027*/[Argument("", 2)]
/*!TAMQP027*/[Argument("x-list", new[] { "a", "b" })]
[Binding(typeof(IOk))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
