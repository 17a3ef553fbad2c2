// TAMQP018: a [Consumer] contract with no handler methods (only a default-implemented helper).
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
/*!TAMQP018*/[Consumer]
public interface IEmpty
{
    ValueTask Helper(A m) => ValueTask.CompletedTask;
}

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
