// TAMQP012: two handlers for one message type, with different signatures.
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

[Exchange("ab", ExchangeKind.Fanout)]
public interface IAb { ValueTask PA(A m); }

[Queue("ab.q")]
[Binding(typeof(IAb))]
[Consumer]
public interface IHandler
{
    ValueTask First(A m);
    Task /*!TAMQP012*/Second(A m, MessageContext context, CancellationToken ct);
}

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
