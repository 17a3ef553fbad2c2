// TAMQP011: a static abstract member in a consumer contract.
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

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk { ValueTask Publish(A m); }

[Queue("ok.q")]
[Binding(typeof(IOk))]
[Consumer]
public interface IHandler
{
    static abstract ValueTask /*!TAMQP011*/Create(A m);
    ValueTask Handle(A m);
}

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
