// TAMQP005: wildcards mixed into words of topic binding keys (order.created*, a.#b).
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
public interface IJobs { [RoutingKey("job.run")] ValueTask Run(Job m); }

[Queue("jobs.q")]
[Binding(typeof(IJobs), "job.*")]
/*!TAMQP005*/[Binding(typeof(IJobs), "job.run*")]
/*!TAMQP005*/[Binding("jobs", "a.#b")]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
