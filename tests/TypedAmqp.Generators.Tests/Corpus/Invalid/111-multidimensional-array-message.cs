// TAMQP010: a two-dimensional array parameter is neither a message nor a batch.
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
public interface IOk
{
    ValueTask /*!TAMQP010*/Grid(A[,] m);
    ValueTask Publish(A m);
}

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
