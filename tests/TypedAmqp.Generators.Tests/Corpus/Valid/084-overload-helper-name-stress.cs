// Overloads and method names that collide with generated helper names (Publish, PublishBatch, Publish2, RequestX).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Stress.SJson))]

namespace Stress;

public sealed record A(string X);
public sealed record R(string Y);

[Exchange("stress", ExchangeKind.Fanout)]
public interface IStress
{
    ValueTask Publish(A message);
    ValueTask Publish(IEnumerable<A> messages);
    ValueTask Publish(A[] messages);
    ValueTask Publish(List<A> messages, CancellationToken ct);
    ValueTask PublishBatch(A message);
    ValueTask PublishBatch(IReadOnlyList<A> messages);
    ValueTask Publish2(A message);
    ValueTask PublishPublish(A message);
    ValueTask<R> X(A message);
    ValueTask RequestX(A message);
    ValueTask<R> PublishX(A message);
}

[Queue("stress.q")]
[Binding(typeof(IStress))]
[Consumer]
public interface IStressHandler { ValueTask<R> Handle(A message); }

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(R))]
public sealed partial class SJson : JsonSerializerContext { }
