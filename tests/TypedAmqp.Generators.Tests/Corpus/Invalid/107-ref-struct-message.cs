// TAMQP010: a ref struct as a message type (it cannot be serialized, stored or boxed).
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
public ref struct Span { public int Length; }

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk
{
    ValueTask /*!TAMQP010*/Spanned(Span m);
    ValueTask Publish(A m);
}

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
