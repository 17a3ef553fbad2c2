// Parameters named message, messages, confirms, options, routingKey, ct, cancellationToken and handler.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Locals.LJson))]

namespace Locals;

public sealed record Job(string Kind);

[Exchange("locals", ExchangeKind.Topic)]
public interface ILocals
{
    [RoutingKey("job.{Kind}")] ValueTask A(IReadOnlyList<Job> message, PublishOptions? options = null, CancellationToken cancellationToken = default);
    [RoutingKey("job.{Kind}")] ValueTask B(IEnumerable<Job> messages, PublishOptions? confirms = null, CancellationToken ct = default);
    [RoutingKey("job.{Kind}")] ValueTask C(Job[] confirms, PublishOptions? message = null, CancellationToken messages = default);
    [RoutingKey("job.{Kind}")] ValueTask D(List<Job> options, PublishOptions? routingKey = null, CancellationToken confirms = default);
    [RoutingKey("job.{Kind}")] ValueTask E(Job routingKey, PublishOptions? messages = null, CancellationToken options = default);
    [RoutingKey("job.{Kind}")] ValueTask F(Job handler, PublishOptions? publisher = null, CancellationToken task = default);
}

[Queue("locals.q")]
[Binding(typeof(ILocals), "job.*")]
[Consumer]
public interface ILocalsHandler
{
    ValueTask Handle(Job handler, MessageContext message, CancellationToken context);
}

[JsonSerializable(typeof(Job))]
public sealed partial class LJson : JsonSerializerContext { }
