// Targeting RabbitMQ 4.1: quorum priorities and an unlimited delivery limit are allowed; a transient exclusive queue is fine.
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: TargetBroker("4.1")]
[assembly: JsonContext(typeof(New.NewJson))]

namespace New;

public sealed record Job(int Id);

[Exchange("new.jobs", ExchangeKind.Fanout)]
public interface IJobs { ValueTask Submit(Job job); }

[Queue("new.jobs.priority", QueueKind.Quorum, MaxPriority = 5, DeliveryLimit = -1)]
[Binding(typeof(IJobs))]
public interface IPriorityJobs { }

[Queue("new.jobs.scratch", Durable = false, Exclusive = true)]
[Binding(typeof(IJobs))]
public interface IScratch { }

[JsonSerializable(typeof(Job))]
public sealed partial class NewJson : JsonSerializerContext { }
