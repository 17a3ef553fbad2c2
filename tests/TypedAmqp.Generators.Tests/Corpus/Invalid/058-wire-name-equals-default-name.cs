// TAMQP013: a [MessageType] name equal to another type's default (namespace-qualified) wire name.
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
/*!TAMQP013*/[MessageType("C.A")] public sealed record B(string X);

[Exchange("ab", ExchangeKind.Fanout)]
public interface IAb { ValueTask PA(A m); }

[Queue("ab.q")]
[Binding(typeof(IAb))]
[Consumer]
public interface IHandler { ValueTask Handle(B m); }

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
public sealed partial class Json : JsonSerializerContext { }
