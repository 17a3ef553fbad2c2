// TAMQP010/TAMQP011: a publisher method and a handler whose only parameter is a CancellationToken (no message).
// DEFECT: CancellationToken is taken as the message type; TAMQP015 (not registered on the context) is reported on [Exchange] and [Consumer] instead of TAMQP010/TAMQP011.
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
