// TAMQP004: header matches on a binding to a topic exchange.
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
/*!TAMQP004*/[Binding(typeof(IJobs), "job.*", Headers = new[] { "kind=x" })]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
