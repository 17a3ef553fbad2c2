// TAMQP010/TAMQP011: a publisher method and a handler whose only parameter is a CancellationToken (no message).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Job(string Name);

[Exchange("jobs", ExchangeKind.Fanout)]
public interface IJobs
{
    ValueTask /*!TAMQP010*/Poke(CancellationToken ct);
    ValueTask Publish(Job m);
}

[Queue("jobs.q")]
[Binding(typeof(IJobs))]
[Consumer]
public interface IJobHandler
{
    ValueTask /*!TAMQP011*/Poked(CancellationToken ct);
    ValueTask Handle(Job m);
}

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
