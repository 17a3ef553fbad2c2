// A HeaderMatch value that is not defined.
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Und.UndJson))]

namespace Und;

public sealed record Event(string Kind);

[Exchange("und.events", ExchangeKind.Headers)]
public interface IEvents { ValueTask Post(Event e); }

[Queue("und.q")]
/*!TAMQP004*/[Binding(typeof(IEvents), Headers = new[] { "kind=a" }, HeaderMatch = (HeaderMatch)9)]
public interface IQ { }

[JsonSerializable(typeof(Event))]
public sealed partial class UndJson : JsonSerializerContext { }
