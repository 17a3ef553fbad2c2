// Publisher method overloads: one name, several message types, single and batch.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Overloads.OJson))]

namespace Overloads;

public sealed record Cat(string Name);
public sealed record Dog(string Name);

[Exchange("pets", ExchangeKind.Topic)]
public interface IPets
{
    [RoutingKey("pet.cat.{Name}")] ValueTask Publish(Cat message);
    [RoutingKey("pet.dog.{Name}")] ValueTask Publish(Dog message);
    [RoutingKey("pet.cat.{Name}")] ValueTask Publish(IReadOnlyList<Cat> messages);
    [RoutingKey("pet.dog.{Name}")] ValueTask Publish(Dog message, CancellationToken ct);
}

[Queue("pets.all")]
[Binding(typeof(IPets), "pet.#")]
[Consumer]
public interface IPetHandler
{
    ValueTask Handle(Cat message);
    ValueTask Handle(Dog message);
}

[JsonSerializable(typeof(Cat))]
[JsonSerializable(typeof(Dog))]
public sealed partial class OJson : JsonSerializerContext { }
