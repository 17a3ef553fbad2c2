// TAMQP014: a contract's [JsonContext] names a private nested context, which generated code cannot reach.
// DEFECT: no diagnostic; the publisher is generated referencing the private context: CS0122 in Module_EventsPublisher.g.cs.
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

    /*!TAMQP014*/[Exchange("module", ExchangeKind.Fanout)]
    [JsonContext(typeof(Json))]
    public interface IEvents { ValueTask Publish(A m); }

    [Queue("module.q")]
    [Binding(typeof(IEvents))]
    public interface IQ { }
}
