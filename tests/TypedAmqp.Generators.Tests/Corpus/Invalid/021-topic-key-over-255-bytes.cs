// TAMQP005: a topic binding key and a published key over 255 UTF-8 bytes (multi-byte characters count as bytes).
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

[Exchange("jobs", ExchangeKind.Topic)]
public interface IJobs
{
    [RoutingKey("job.run")] ValueTask Run(Job m);
    /*!TAMQP005*/[RoutingKey("job.éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé")] ValueTask Long(Job m);
}

[Queue("jobs.q")]
[Binding(typeof(IJobs), "job.*")]
/*!TAMQP005*/[Binding(typeof(IJobs), "a.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
