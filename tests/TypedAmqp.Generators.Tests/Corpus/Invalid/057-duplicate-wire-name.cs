// TAMQP013: two message types with the same [MessageType] name.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

[MessageType("shared")] public sealed record A(string X);
/*!TAMQP013*/[MessageType("shared")] public sealed record B(string X);

[Exchange("ab", ExchangeKind.Fanout)]
public interface IAb { ValueTask PA(A m); ValueTask PB(B m); }

[Queue("ab.q")]
[Binding(typeof(IAb))]
public interface IQ { }

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
public sealed partial class Json : JsonSerializerContext { }
