// Exchange-to-exchange bindings by type and by name; an internal destination exchange.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Mesh.MeshJson))]

namespace Mesh;

public sealed record Event(string Source, string Kind);

[Exchange("events.ingress", ExchangeKind.Topic)]
public interface IIngress
{
    [RoutingKey("event.{Source}.{Kind}")]
    ValueTask Publish(Event message);
}

[Exchange("events.billing", ExchangeKind.Topic, Internal = true)]
[ExchangeBinding(typeof(IIngress), "event.billing.#")]
public interface IBillingEvents { }

[Exchange("events.all", ExchangeKind.Fanout)]
[ExchangeBinding("events.ingress", "#")]
public interface IAllEvents { }

[Queue("billing.events")]
[Binding(typeof(IBillingEvents), "event.billing.*")]
[Consumer]
public interface IBillingEventHandler
{
    ValueTask Handle(Event message);
}

[Queue("events.archive")]
[Binding(typeof(IAllEvents))]
public interface IArchive { }

[JsonSerializable(typeof(Event))]
public sealed partial class MeshJson : JsonSerializerContext { }
