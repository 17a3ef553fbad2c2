// An abstract polymorphic message ([JsonPolymorphic]/[JsonDerivedType]) published and handled as its base type, with an enum key.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Poly.PJson))]

namespace Poly;

public enum Kind { Created, Deleted }

[MessageType("poly.event")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(Created), "created")]
[JsonDerivedType(typeof(Deleted), "deleted")]
public abstract record Event(Kind Kind);
public sealed record Created(string Name) : Event(Kind.Created);
public sealed record Deleted(Guid Id) : Event(Kind.Deleted);

[Exchange("poly", ExchangeKind.Topic)]
public interface IPoly
{
    [RoutingKey("event.{Kind}")] ValueTask Publish(Event message);
    [RoutingKey("event.{Kind}")] ValueTask PublishAll(IReadOnlyList<Event> messages);
}

[Queue("poly.q")]
[Binding(typeof(IPoly), "event.*")]
[Consumer]
public interface IPolyHandler { ValueTask Handle(Event message, MessageContext context); }

[JsonSerializable(typeof(Event))]
public sealed partial class PJson : JsonSerializerContext { }
