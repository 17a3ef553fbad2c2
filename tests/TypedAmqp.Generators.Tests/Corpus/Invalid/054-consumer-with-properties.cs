// TAMQP011: a consumer contract with a property and an event.
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
    int /*!TAMQP011*/Handled { get; }
    event Action /*!TAMQP011*/OnHandled;
    ValueTask Handle(A m);
}

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
