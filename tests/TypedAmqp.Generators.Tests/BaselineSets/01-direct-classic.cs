// A direct exchange with constant and placeholder keys, a classic queue with TTL, length limit and priorities.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Jobs.JobsJson))]

namespace Jobs;

public sealed record RunJob(string Kind, int Attempt);

[Exchange("jobs", ExchangeKind.Direct)]
public interface IJobs
{
    [RoutingKey("run")]
    ValueTask Run(RunJob job, CancellationToken cancellationToken = default);

    [RoutingKey("run.{Kind}")]
    Task RunKind(RunJob job);
}

[Queue("jobs.run", MessageTtl = 60000, MaxLength = 1000, Overflow = QueueOverflow.RejectPublish, MaxPriority = 5)]
[Binding(typeof(IJobs), "run")]
[Binding(typeof(IJobs), "run.email")]
[Consumer(Prefetch = 20, Concurrency = 2, Retries = 2, RetryDelay = 50)]
public interface IJobRunner
{
    ValueTask Handle(RunJob job, CancellationToken cancellationToken);
}

[JsonSerializable(typeof(RunJob))]
public sealed partial class JobsJson : JsonSerializerContext { }
