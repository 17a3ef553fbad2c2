// TAMQP012: a consumer declaring a handler for a type its base interface already handles.
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

public interface IBaseHandler
{
    ValueTask /*!TAMQP012*/OnA(A m);
}

[Exchange("ab", ExchangeKind.Fanout)]
public interface IAb { ValueTask PA(A m); }

[Queue("ab.q")]
[Binding(typeof(IAb))]
[Consumer]
public interface IHandler : IBaseHandler
{
    ValueTask Handle(A m);
}

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
