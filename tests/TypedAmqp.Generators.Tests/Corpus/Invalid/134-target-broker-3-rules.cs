// Targeting RabbitMQ 3.12: quorum priorities and DeliveryLimit = -1 are 4.0 features, refused before.
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: TargetBroker("3.12")]
[assembly: JsonContext(typeof(Old.OldJson))]

namespace Old;

public sealed record Job(int Id);

[Exchange("old.jobs", ExchangeKind.Fanout)]
public interface IJobs { ValueTask Submit(Job job); }

/*!TAMQP009*/[Queue("old.jobs.priority", QueueKind.Quorum, MaxPriority = 5, DeliveryLimit = 3)]
[Binding(typeof(IJobs))]
public interface IPriorityJobs { }

/*!TAMQP009*/[Queue("old.jobs.unlimited", QueueKind.Quorum, DeliveryLimit = -1)]
[Binding(typeof(IJobs))]
public interface IUnlimitedJobs { }

[JsonSerializable(typeof(Job))]
public sealed partial class OldJson : JsonSerializerContext { }
