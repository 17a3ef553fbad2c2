// A broker version that is not major.minor.
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: /*!TAMQP039*/TargetBroker("latest")]
[assembly: JsonContext(typeof(Ver.VerJson))]

namespace Ver;

public sealed record Job(int Id);

[Exchange("ver.jobs", ExchangeKind.Fanout)]
public interface IJobs { ValueTask Submit(Job job); }

[Queue("ver.jobs.q")]
[Binding(typeof(IJobs))]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class VerJson : JsonSerializerContext { }
