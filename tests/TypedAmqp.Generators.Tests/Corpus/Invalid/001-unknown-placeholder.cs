// A routing-key placeholder that names no member of the message.
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using TypedAmqp;

[assembly: JsonContext(typeof(Corpus.Json))]

namespace Corpus;

public sealed record Ping(string Name);

[Exchange("pings", ExchangeKind.Topic)]
public interface IPings
{
    /*!TAMQP016*/[RoutingKey("ping.{Nmae}")]
    ValueTask Ping(Ping message);
}

[Queue("pings")]
[Binding(typeof(IPings), "ping.*")]
public interface IPingQueue { }

[JsonSerializable(typeof(Ping))]
public sealed partial class Json : JsonSerializerContext { }
