// Task and ValueTask returns mixed in one publisher and one consumer.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Mixed.MixedJson))]

namespace Mixed;

public sealed record A(string X);
public sealed record B(string Y);

[Exchange("mixed", ExchangeKind.Fanout)]
public interface IMixed
{
    Task PublishA(A message);
    ValueTask PublishB(B message, CancellationToken ct = default);
}

[Queue("mixed.q")]
[Binding(typeof(IMixed))]
[Consumer]
public interface IMixedHandler
{
    Task HandleA(A message, CancellationToken ct);
    ValueTask HandleB(B message);
}

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
public sealed partial class MixedJson : JsonSerializerContext { }
