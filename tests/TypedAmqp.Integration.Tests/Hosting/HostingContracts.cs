using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Hosting;

[MessageType("it.hosting.job")]
public sealed record Job(int Number, int DelayMilliseconds);

[Exchange("typedamqp.it.jobs", ExchangeKind.Direct, Durable = false)]
public interface IJobs
{
    [RoutingKey("job")]
    ValueTask Submit(Job job, CancellationToken cancellationToken = default);
}

[Queue("typedamqp.it.jobs.work", Durable = false)]
[Binding(typeof(IJobs), "job")]
[Consumer(Prefetch = 10, Concurrency = 3)]
public interface IJobWorker
{
    ValueTask Handle(Job job, MessageContext context, CancellationToken cancellationToken);
}

[MessageType("it.hosting.keyed-job")]
public sealed record KeyedJob(int Number);

/// <summary>A templated routing key: each publish's key is built in RoutingKeyWriter's per-thread buffer.</summary>
[Exchange("typedamqp.it.keyed-jobs", ExchangeKind.Topic, Durable = false)]
public interface IKeyedJobs
{
    [RoutingKey("keyed.{Number}")]
    ValueTask Submit(KeyedJob job, CancellationToken cancellationToken = default);
}
