// A stream queue with a max-age argument, consumed with a positive prefetch.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Telemetry.TelemetryJson))]

namespace Telemetry;

public sealed record Reading(string Sensor, double Value, DateTimeOffset At);

[Exchange("telemetry", ExchangeKind.Topic)]
public interface ITelemetry
{
    [RoutingKey("reading.{Sensor}")]
    ValueTask Reading(Reading message, CancellationToken ct = default);
}

[Queue("telemetry.log", QueueKind.Stream, MaxLengthBytes = 1_000_000_000)]
[Argument("x-max-age", "7D")]
[Argument("x-stream-max-segment-size-bytes", 100_000_000)]
[Binding(typeof(ITelemetry), "reading.#")]
[Consumer(Prefetch = 100)]
public interface IReadingLog
{
    ValueTask Handle(Reading message, MessageContext context, CancellationToken ct);
}

[JsonSerializable(typeof(Reading))]
public sealed partial class TelemetryJson : JsonSerializerContext { }
