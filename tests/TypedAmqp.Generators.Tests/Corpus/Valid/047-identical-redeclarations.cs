// The same exchange and the same queue declared identically by two contracts each (no conflict).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Twice.TJson))]

namespace Twice;

public sealed record A(string K);
public sealed record B(string K);

[Exchange("shared", ExchangeKind.Topic)]
public interface IAPublisher { [RoutingKey("a.{K}")] ValueTask A(A message); }

[Exchange("shared", ExchangeKind.Topic)]
public interface IBPublisher { [RoutingKey("b.{K}")] ValueTask B(B message); }

[Queue("shared.q", QueueKind.Quorum, DeliveryLimit = 3)]
[Binding(typeof(IAPublisher), "a.*")]
[Consumer]
public interface IAHandler { ValueTask Handle(A message); }

[Queue("shared.q", QueueKind.Quorum, DeliveryLimit = 3)]
[Binding(typeof(IBPublisher), "b.*")]
[Consumer]
public interface IBHandler { ValueTask Handle(B message); }

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
public sealed partial class TJson : JsonSerializerContext { }
