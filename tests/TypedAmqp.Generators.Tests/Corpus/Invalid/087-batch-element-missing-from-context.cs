// TAMQP015: a batch method's element type not registered (only List<T> of it is).
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

/*!TAMQP015*/[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk
{
    ValueTask Publish(A m);
    ValueTask PublishMany(IReadOnlyList<B> messages);
}

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IQ { }

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(List<B>))]
public sealed partial class Json : JsonSerializerContext { }
