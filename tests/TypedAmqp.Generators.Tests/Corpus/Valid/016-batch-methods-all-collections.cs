// Batch publisher methods over every supported collection: IEnumerable, IReadOnlyList, IReadOnlyCollection, IList, ICollection, List and arrays.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Bulk.BulkJson))]

namespace Bulk;

public enum Tier { Free, Pro }

public sealed record Item(int Id, Tier Tier);

[Exchange("bulk", ExchangeKind.Topic)]
public interface IBulk
{
    [RoutingKey("item.{Tier}")] ValueTask One(Item message);
    [RoutingKey("item.{Tier}")] ValueTask Enumerable(IEnumerable<Item> messages);
    [RoutingKey("item.{Tier}")] ValueTask ReadOnlyList(IReadOnlyList<Item> messages, CancellationToken ct = default);
    [RoutingKey("item.{Tier}")] ValueTask ReadOnlyCollection(IReadOnlyCollection<Item> messages);
    [RoutingKey("item.{Tier}")] Task List(IList<Item> messages);
    [RoutingKey("item.{Tier}")] Task Collection(ICollection<Item> messages, PublishOptions? options = null);
    [RoutingKey("item.{Tier}")] ValueTask ConcreteList(List<Item> messages);
    [RoutingKey("item.{Tier}")] ValueTask Array(Item[] messages, PublishOptions? options = null, CancellationToken ct = default);
}

[Queue("bulk.items")]
[Binding(typeof(IBulk), "item.*")]
public interface IBulkItems { }

[JsonSerializable(typeof(Item))]
public sealed partial class BulkJson : JsonSerializerContext { }
