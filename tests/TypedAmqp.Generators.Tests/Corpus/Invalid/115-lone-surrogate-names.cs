// TAMQP008: exchange and queue names holding a lone UTF-16 surrogate (not encodable as UTF-8).
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

/*!TAMQP049*/[Exchange("bad\uD800name", ExchangeKind.Fanout)]
public interface IBad { ValueTask Publish(A m); }

/*!TAMQP049*/[Queue("bad\uDC00queue")]
[Binding(typeof(IBad))]
[Consumer]
public interface IQ { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
