// Contracts that inherit their members: a publisher from two base interfaces, a consumer from a base handler.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Inherit.InheritJson))]

namespace Inherit;

public sealed record Created(Guid Id);
public sealed record Deleted(Guid Id);

public interface ICreatedEvents
{
    [RoutingKey("created")]
    ValueTask Created(Created message, CancellationToken cancellationToken = default);
}

public interface IDeletedEvents
{
    [RoutingKey("deleted")]
    ValueTask Deleted(Deleted message, CancellationToken cancellationToken = default);
}

[Exchange("items", ExchangeKind.Direct)]
public interface IItemEvents : ICreatedEvents, IDeletedEvents { }

public interface IHandles<in T> { ValueTask Handle(T message, CancellationToken cancellationToken); }

[Queue("items.index")]
[Binding(typeof(IItemEvents), "created")]
[Binding(typeof(IItemEvents), "deleted")]
[Consumer]
public interface IItemIndexer : IHandles<Created>
{
    ValueTask Handle(Deleted message, CancellationToken cancellationToken);
}

[JsonSerializable(typeof(Created))]
[JsonSerializable(typeof(Deleted))]
public sealed partial class InheritJson : JsonSerializerContext { }
