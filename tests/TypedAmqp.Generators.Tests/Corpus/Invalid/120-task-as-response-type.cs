// TAMQP010: a publisher method returning ValueTask<Task> and one returning Task<CancellationToken> (framework types are not responses).
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
    ValueTask<Task> /*!TAMQP010*/Nested(A m);
    Task<CancellationToken> /*!TAMQP010*/Token(A m);
    ValueTask Publish(A m);
}

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
