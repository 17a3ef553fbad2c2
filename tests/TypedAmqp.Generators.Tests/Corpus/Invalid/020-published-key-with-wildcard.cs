// TAMQP005: a wildcard in a published topic routing key, and an empty word in another.
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
    /*!TAMQP005*/[RoutingKey("job.*")] ValueTask Any(Job m);
    /*!TAMQP005*/[RoutingKey("job..{Name}")] ValueTask Empty(Job m);
    [RoutingKey("job.{Name}")] ValueTask Ok(Job m);
}

[Queue("jobs.q")]
[Binding(typeof(IJobs), "job.#")]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
