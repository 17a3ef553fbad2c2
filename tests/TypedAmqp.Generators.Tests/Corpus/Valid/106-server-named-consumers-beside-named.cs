// Two exclusive server-named queues with consumers beside a named one: bindings and consumers refer to them by key.
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Live.LiveJson))]

namespace Live;

public sealed record Tick(string Symbol, long Price);

[Exchange("live.ticks", ExchangeKind.Topic)]
public interface ITicks { [RoutingKey("tick.{Symbol}")] ValueTask Publish(Tick tick, CancellationToken ct = default); }

[Queue("", Exclusive = true)]
[Binding(typeof(ITicks), "tick.eu")]
[Consumer(Prefetch = 10)]
public interface IEurope { ValueTask Handle(Tick tick, MessageContext context, CancellationToken ct); }

[Queue("", Exclusive = true, AutoDelete = true)]
[Binding(typeof(ITicks), "tick.us")]
[Consumer(Prefetch = 10)]
public interface IAmerica { ValueTask Handle(Tick tick); }

[Queue("live.archive", QueueKind.Quorum, DeliveryLimit = 5)]
[Binding(typeof(ITicks), "tick.#")]
[Consumer]
public interface IArchive { ValueTask Handle(Tick tick); }

[JsonSerializable(typeof(Tick))]
public sealed partial class LiveJson : JsonSerializerContext { }
