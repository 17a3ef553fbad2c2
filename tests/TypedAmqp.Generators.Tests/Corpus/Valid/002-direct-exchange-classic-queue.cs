// A direct exchange with a literal routing key and a classic durable queue bound on that key.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Jobs.JobsJson))]

namespace Jobs;

public sealed record RunJob(string Name, int Attempt);

[Exchange("jobs", ExchangeKind.Direct)]
public interface IJobCommands
{
    [RoutingKey("run")]
    ValueTask Run(RunJob message, CancellationToken ct = default);
}

[Queue("jobs.run")]
[Binding(typeof(IJobCommands), "run")]
[Consumer]
public interface IJobRunner
{
    ValueTask Handle(RunJob message, CancellationToken ct);
}

[JsonSerializable(typeof(RunJob))]
public sealed partial class JobsJson : JsonSerializerContext { }
