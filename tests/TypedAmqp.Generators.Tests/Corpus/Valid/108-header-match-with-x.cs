// Headers bindings matching x- headers too (x-match all-with-x / any-with-x).
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Hdr.HdrJson))]

namespace Hdr;

public sealed record Event(string Kind);

[Exchange("hdr.events", ExchangeKind.Headers)]
public interface IEvents { ValueTask Post(Event e, PublishOptions? options = null); }

[Queue("hdr.traced")]
[Binding(typeof(IEvents), Headers = new[] { "x-trace=on", "kind=a" }, HeaderMatch = HeaderMatch.AllWithX)]
public interface ITraced { }

[Queue("hdr.any")]
[Binding(typeof(IEvents), Headers = new[] { "x-trace=on" }, HeaderMatch = HeaderMatch.AnyWithX)]
public interface IAny { }

[JsonSerializable(typeof(Event))]
public sealed partial class HdrJson : JsonSerializerContext { }
