using System.Text.Json.Serialization;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

[assembly: TypedAmqp.JsonContext(typeof(TypedAmqp.RabbitMq4Contracts.Rmq4Json))]

namespace TypedAmqp.RabbitMq4Contracts;

[MessageType("rmq4.job")]
public sealed record Rmq4Job(string Id);

[JsonSerializable(typeof(Rmq4Job))]
internal sealed partial class Rmq4Json : JsonSerializerContext;

// A quorum queue whose consumer requeues every failure, with a dead-letter exchange and no DeliveryLimit: on
// RabbitMQ 4 the broker's default limit (20) ends the redeliveries and dead-letters the message; on 3.x nothing does.
[Exchange("typedamqp.rmq4.requeued", ExchangeKind.Fanout)]
public interface IRequeuedJobs
{
    ValueTask Submit(Rmq4Job job, CancellationToken cancellationToken = default);
}

[Exchange("typedamqp.rmq4.requeued.dead", ExchangeKind.Fanout)]
public interface IRequeuedDeadLetterExchange
{
}

[Queue("typedamqp.rmq4.requeued.work", QueueKind.Quorum, DeadLetterExchange = "typedamqp.rmq4.requeued.dead")]
[Binding(typeof(IRequeuedJobs))]
[Consumer(Prefetch = 1, RequeueOnFailure = true)]
public interface IRequeuingWorker
{
    ValueTask Handle(Rmq4Job job, MessageContext context, CancellationToken cancellationToken);
}

[Queue("typedamqp.rmq4.requeued.dead-letters")]
[Binding(typeof(IRequeuedDeadLetterExchange))]
public interface IRequeuedDeadLetters
{
}

// A consumer whose handler outlives the broker's delivery acknowledgement timeout (consumer_timeout).
[Exchange("typedamqp.rmq4.slow", ExchangeKind.Fanout)]
public interface ISlowJobs
{
    ValueTask Submit(Rmq4Job job, CancellationToken cancellationToken = default);
}

[Queue("typedamqp.rmq4.slow.work")]
[Binding(typeof(ISlowJobs))]
[Consumer(Prefetch = 1)]
public interface ISlowWorker
{
    ValueTask Handle(Rmq4Job job, MessageContext context, CancellationToken cancellationToken);
}

/// <summary>What the generator emitted for the contracts above, for the integration tests.</summary>
public static class Rmq4Topology
{
    public static TopologyDescription Description => TypedAmqp.Generated.MessagingTopology.Description;

    public static IRequeuedJobs RequeuedJobs(IMessagePublisher publisher) => TypedAmqp.Generated.MessagingContracts.CreateRequeuedJobsPublisher(publisher);

    public static ISlowJobs SlowJobs(IMessagePublisher publisher) => TypedAmqp.Generated.MessagingContracts.CreateSlowJobsPublisher(publisher);

    // The tests look at the consumer's channel, so they take the AmqpConsumer that AmqpMessaging starts (the generated
    // method's return type is the transport-neutral subscription on newer runtimes).
    public static async ValueTask<AmqpConsumer> StartRequeuingWorkerAsync(AmqpMessaging messaging, IRequeuingWorker handler, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        (AmqpConsumer)await TypedAmqp.Generated.MessagingContracts.StartRequeuingWorkerAsync(messaging, handler, logger);

    public static async ValueTask<AmqpConsumer> StartSlowWorkerAsync(AmqpMessaging messaging, ISlowWorker handler, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        (AmqpConsumer)await TypedAmqp.Generated.MessagingContracts.StartSlowWorkerAsync(messaging, handler, logger);
}
