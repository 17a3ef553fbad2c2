// A publisher contract whose methods come from a base interface (and a generic base interface).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Inherit.InheritJson))]

namespace Inherit;

public sealed record Created(string Id);
public sealed record Deleted(string Id);

public interface IPublishes<T>
{
    [RoutingKey("entity.deleted")]
    ValueTask Deleted(T message, CancellationToken ct = default);
}

public interface ICreatedEvents
{
    [RoutingKey("entity.created")]
    ValueTask Created(Created message, CancellationToken ct = default);
}

[Exchange("entities", ExchangeKind.Topic)]
public interface IEntityEvents : ICreatedEvents, IPublishes<Deleted>
{
    [RoutingKey("entity.touched.{Id}")]
    ValueTask Touched(Created message);
}

[Queue("entities.all")]
[Binding(typeof(IEntityEvents), "entity.#")]
public interface IEntities { }

[JsonSerializable(typeof(Created))]
[JsonSerializable(typeof(Deleted))]
public sealed partial class InheritJson : JsonSerializerContext { }
