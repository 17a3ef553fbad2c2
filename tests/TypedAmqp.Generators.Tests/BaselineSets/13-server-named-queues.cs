// Two server-named queues beside a named one: bindings and consumers refer to them by key, resolved when declared.
using System.Threading;
using System.Threading.Tasks;
using System.Text.Json.Serialization;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Live.LiveJson))]

namespace Live;

public sealed record Tick(string Symbol, long Price);

[Exchange("ticks", ExchangeKind.Topic)]
public interface ITicks
{
    [RoutingKey("tick.{Symbol}")]
    ValueTask Publish(Tick tick, CancellationToken cancellationToken = default);
}

[Queue("", Exclusive = true)]
[Binding(typeof(ITicks), "tick.eu.*")]
[Consumer(Prefetch = 50)]
public interface IEuropeanTicks { ValueTask Handle(Tick tick, CancellationToken cancellationToken); }

[Queue("", AutoDelete = true, Durable = false, Exclusive = true)]
[Binding(typeof(ITicks), "tick.us.*")]
[Consumer(Prefetch = 50)]
public interface IAmericanTicks { ValueTask Handle(Tick tick, CancellationToken cancellationToken); }

[Queue("ticks.archive", QueueKind.Quorum, DeliveryLimit = 5)]
[Binding(typeof(ITicks), "tick.#")]
public interface ITickArchive { }

[JsonSerializable(typeof(Tick))]
public sealed partial class LiveJson : JsonSerializerContext { }
