// TAMQP011: a generic handler and handlers taking the message by in/ref.
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
public sealed record B(string X);
public record struct S(int X);

[Exchange("ab", ExchangeKind.Fanout)]
public interface IAb { ValueTask PA(A m); ValueTask PB(B m); ValueTask PS(S m); }

[Queue("ab.q")]
[Binding(typeof(IAb))]
[Consumer]
public interface IHandler
{
    ValueTask /*!TAMQP011*/Handle<T>(T m);
    ValueTask /*!TAMQP011*/HandleIn(in S m);
    ValueTask /*!TAMQP011*/HandleRef(ref B m);
    ValueTask HandleA(A m);
}

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
[JsonSerializable(typeof(S))]
public sealed partial class Json : JsonSerializerContext { }
