// TAMQP014: a contract's [JsonContext] names a private nested context, which generated code cannot reach.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

namespace C;

public sealed record A(string X);

public partial class Module
{
    [JsonSerializable(typeof(A))]
    private sealed partial class Json : JsonSerializerContext { }

    [Exchange("module", ExchangeKind.Fanout)]
    /*!TAMQP048*/[JsonContext(typeof(Json))]
    public interface IEvents { ValueTask Publish(A m); }

    [Queue("module.q")]
    [Binding(typeof(IEvents))]
    public interface IQ { }
}
