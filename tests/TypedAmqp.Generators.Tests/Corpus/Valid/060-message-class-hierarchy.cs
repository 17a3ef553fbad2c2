// A base message class and a derived one, each published and handled as its own type.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Hier.HJson))]

namespace Hier;

public class Animal { public string Name { get; set; } = ""; }
public sealed class Bird : Animal { public bool Flies { get; set; } }

[Exchange("zoo", ExchangeKind.Topic)]
public interface IZoo
{
    [RoutingKey("animal.{Name}")] ValueTask Animal(Animal message);
    [RoutingKey("bird.{Name}")] ValueTask Bird(Bird message);
}

[Queue("zoo.q")]
[Binding(typeof(IZoo), "*.*")]
[Consumer]
public interface IZooHandler
{
    ValueTask Handle(Animal message);
    ValueTask Handle(Bird message);
}

[JsonSerializable(typeof(Animal))]
[JsonSerializable(typeof(Bird))]
public sealed partial class HJson : JsonSerializerContext { }
