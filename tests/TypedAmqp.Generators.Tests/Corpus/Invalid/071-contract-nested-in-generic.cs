// TAMQP020: contracts nested in a generic class.
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

public static class Outer<T>
{
    [Exchange("events", ExchangeKind.Fanout)]
    public interface /*!TAMQP020*/IEvents { ValueTask Publish(A m); }

    [Queue("events.q")]
    [Binding("events")]
    [Consumer]
    public interface /*!TAMQP020*/IHandler { ValueTask Handle(A m); }
}

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
