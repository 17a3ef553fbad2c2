// TAMQP011: request handlers whose response is not a message type (int, a list, a string).
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
public sealed record D(string X);
public sealed record E(string X);

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk { ValueTask PA(A m); ValueTask PB(B m); ValueTask PD(D m); ValueTask PE(E m); }

[Queue("ok.q")]
[Binding(typeof(IOk))]
[Consumer]
public interface IHandler
{
    ValueTask<int> /*!TAMQP011*/HandleA(A m);
    Task<List<B>> /*!TAMQP011*/HandleB(B m);
    ValueTask<string> /*!TAMQP011*/HandleD(D m);
    ValueTask<E> HandleE(E m);
}

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
[JsonSerializable(typeof(D))]
[JsonSerializable(typeof(E))]
public sealed partial class Json : JsonSerializerContext { }
