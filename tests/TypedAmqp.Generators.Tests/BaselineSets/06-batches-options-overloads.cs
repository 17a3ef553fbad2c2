// Batch methods over several collection types, PublishOptions, and overloads of one method name.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Metrics.MetricsJson))]

namespace Metrics;

public sealed record Sample(string Name, long Value);
public sealed record Alert(string Name, string Level);

[Exchange("metrics", ExchangeKind.Topic)]
public interface IMetrics
{
    [RoutingKey("sample.{Name}")]
    ValueTask Send(Sample sample, CancellationToken cancellationToken = default);

    [RoutingKey("alert.{Level}")]
    ValueTask Send(Alert alert, PublishOptions? options, CancellationToken cancellationToken = default);

    [RoutingKey("sample.batch")]
    ValueTask Send(IReadOnlyList<Sample> messages, CancellationToken cancellationToken = default);

    [RoutingKey("sample.array")]
    Task SendArray(Sample[] message, PublishOptions? options = null);

    [RoutingKey("sample.enumerable")]
    ValueTask SendMany(IEnumerable<Sample> confirms, PublishOptions options, CancellationToken cancellationToken);
}

[Queue("metrics.all", QueueKind.Quorum, DeliveryLimit = 10)]
[Binding(typeof(IMetrics), "#")]
public interface IAllMetrics { }

[JsonSerializable(typeof(Sample))]
[JsonSerializable(typeof(Alert))]
public sealed partial class MetricsJson : JsonSerializerContext { }
