// An [Exchange] contract extending another [Exchange] contract: each publisher publishes to its own exchange.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Layers.LJson))]

namespace Layers;

public sealed record A(string X);
public sealed record B(string X);

[Exchange("layers.base", ExchangeKind.Fanout)]
public interface IBaseEvents { ValueTask PublishA(A message); }

[Exchange("layers.more", ExchangeKind.Fanout)]
public interface IMoreEvents : IBaseEvents { ValueTask PublishB(B message); }

[Queue("layers.q")]
[Binding(typeof(IBaseEvents))]
[Binding(typeof(IMoreEvents))]
[Consumer]
public interface IHandler { ValueTask Handle(A message); ValueTask Handle(B message); }

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
public sealed partial class LJson : JsonSerializerContext { }
