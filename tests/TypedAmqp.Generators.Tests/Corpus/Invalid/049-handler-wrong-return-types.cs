// TAMQP011: handlers returning void and bool next to a valid one.
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

[Exchange("ab", ExchangeKind.Fanout)]
public interface IAb { ValueTask PA(A m); ValueTask PB(B m); ValueTask PD(D m); }

[Queue("ab.q")]
[Binding(typeof(IAb))]
[Consumer]
public interface IHandler
{
    void /*!TAMQP011*/HandleA(A m);
    bool /*!TAMQP011*/HandleB(B m);
    ValueTask HandleD(D m);
}

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
[JsonSerializable(typeof(D))]
public sealed partial class Json : JsonSerializerContext { }
