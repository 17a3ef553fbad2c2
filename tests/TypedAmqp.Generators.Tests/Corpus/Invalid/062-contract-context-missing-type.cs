// TAMQP015: a contract's own [JsonContext] lacks its message even though the assembly context has it.
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
public sealed record Other(string X);

/*!TAMQP015*/[Exchange("ab", ExchangeKind.Fanout)]
[JsonContext(typeof(OtherJson))]
public interface IAb { ValueTask PA(A m); }

[Queue("ab.q")]
[Binding(typeof(IAb))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }

[JsonSerializable(typeof(Other))]
public sealed partial class OtherJson : JsonSerializerContext { }
