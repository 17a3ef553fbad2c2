// Two exchanges bound to each other (RabbitMQ tolerates the cycle) and a queue named like an exchange.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Cycle.CJson))]

namespace Cycle;

public sealed record A(string X);

[Exchange("left", ExchangeKind.Topic)]
[ExchangeBinding("right", "from.right.#")]
public interface ILeft { [RoutingKey("from.left.{X}")] ValueTask Publish(A message); }

[Exchange("right", ExchangeKind.Topic)]
[ExchangeBinding(typeof(ILeft), "from.left.#")]
public interface IRight { [RoutingKey("from.right.{X}")] ValueTask Publish(A message); }

[Queue("left")]
[Binding(typeof(ILeft), "#")]
[Consumer]
public interface ILeftQueue { ValueTask Handle(A message); }

[JsonSerializable(typeof(A))]
public sealed partial class CJson : JsonSerializerContext { }
