using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace TypedAmqp.Observability;

/// <summary>
/// TypedAmqp's tracing and metrics, following OpenTelemetry's messaging semantic conventions. Subscribe with
/// OpenTelemetry (<c>AddSource("TypedAmqp")</c>, <c>AddMeter("TypedAmqp")</c>) or any ActivityListener / MeterListener.
/// Nothing is recorded, and nothing allocated for it, while nobody listens.
/// </summary>
public static class TypedAmqpTelemetry
{
    /// <summary>The name of the ActivitySource and the Meter.</summary>
    public const string Name = "TypedAmqp";

    private static readonly string Version =
        typeof(TypedAmqpTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Publish (producer) and process (consumer) spans.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    /// <summary>The meter all TypedAmqp instruments belong to.</summary>
    public static Meter Meter { get; } = new(Name, Version);

    internal static readonly Counter<long> Published = Meter.CreateCounter<long>("typedamqp.messages.published", "{message}", "Messages published");
    internal static readonly Counter<long> Confirmed = Meter.CreateCounter<long>("typedamqp.messages.confirmed", "{message}", "Publishes the broker confirmed");
    internal static readonly Counter<long> Nacked = Meter.CreateCounter<long>("typedamqp.messages.nacked", "{message}", "Publishes the broker nacked");
    internal static readonly Counter<long> Returned = Meter.CreateCounter<long>("typedamqp.messages.returned", "{message}", "Publishes the broker returned as unroutable");
    internal static readonly UpDownCounter<long> ConfirmsInFlight = Meter.CreateUpDownCounter<long>("typedamqp.confirms.in_flight", "{message}", "Publishes waiting for a confirm");
    internal static readonly Counter<long> Delivered = Meter.CreateCounter<long>("typedamqp.messages.delivered", "{message}", "Messages delivered to typed handlers");
    internal static readonly Counter<long> Acked = Meter.CreateCounter<long>("typedamqp.messages.acked", "{message}", "Deliveries acknowledged after handling");
    internal static readonly Counter<long> Rejected = Meter.CreateCounter<long>("typedamqp.messages.rejected", "{message}", "Deliveries nacked or rejected (handler failure, bad body, unknown type)");
    internal static readonly Histogram<double> HandlerDuration = Meter.CreateHistogram<double>("typedamqp.handler.duration", "s", "Time typed handlers took");

    private static int s_openConnections;

    /// <summary>Open connections of this process; reported by the typedamqp.connections.open gauge.</summary>
    internal static readonly ObservableGauge<int> OpenConnections =
        Meter.CreateObservableGauge("typedamqp.connections.open", () => Volatile.Read(ref s_openConnections), "{connection}", "Open AMQP connections");

    internal static void ConnectionOpened() => Interlocked.Increment(ref s_openConnections);

    internal static void ConnectionClosed() => Interlocked.Decrement(ref s_openConnections);

    internal const string TraceParentHeader = "traceparent";
    internal const string TraceStateHeader = "tracestate";
}
