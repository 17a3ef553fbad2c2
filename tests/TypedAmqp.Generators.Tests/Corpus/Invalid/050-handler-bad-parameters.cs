// TAMQP011: handlers with an extra parameter, context after the token, two contexts, PublishOptions.
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
public sealed record F(string X);

[Exchange("ab", ExchangeKind.Fanout)]
public interface IAb { ValueTask PA(A m); ValueTask PB(B m); ValueTask PD(D m); ValueTask PE(E m); ValueTask PF(F m); }

[Queue("ab.q")]
[Binding(typeof(IAb))]
[Consumer]
public interface IHandler
{
    ValueTask /*!TAMQP011*/HandleA(A m, string extra);
    ValueTask /*!TAMQP011*/HandleB(B m, CancellationToken ct, MessageContext context);
    ValueTask /*!TAMQP011*/HandleD(D m, MessageContext a, MessageContext b);
    ValueTask /*!TAMQP011*/HandleE(E m, PublishOptions options);
    ValueTask HandleF(F m);
}

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
[JsonSerializable(typeof(D))]
[JsonSerializable(typeof(E))]
[JsonSerializable(typeof(F))]
public sealed partial class Json : JsonSerializerContext { }
