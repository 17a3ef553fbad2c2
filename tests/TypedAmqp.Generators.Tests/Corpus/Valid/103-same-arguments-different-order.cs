// One queue and one exchange declared twice with the same [Argument]s written in a different order (no conflict).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Order.OJson))]

namespace Order;

public sealed record A(string X);
public sealed record B(string X);

[Exchange("ordered", ExchangeKind.Fanout)]
[Argument("x-one", 1)]
[Argument("x-two", "2")]
public interface IFirst { ValueTask Publish(A message); }

[Exchange("ordered", ExchangeKind.Fanout)]
[Argument("x-two", "2")]
[Argument("x-one", 1)]
public interface ISecond { ValueTask Publish(B message); }

[Queue("ordered.q")]
[Argument("x-queue-version", 2)]
[Argument("x-queue-leader-locator", "balanced")]
[Binding(typeof(IFirst))]
[Consumer]
public interface IAHandler { ValueTask Handle(A message); }

[Queue("ordered.q")]
[Argument("x-queue-leader-locator", "balanced")]
[Argument("x-queue-version", 2)]
[Binding(typeof(ISecond))]
[Consumer]
public interface IBHandler { ValueTask Handle(B message); }

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
public sealed partial class OJson : JsonSerializerContext { }
