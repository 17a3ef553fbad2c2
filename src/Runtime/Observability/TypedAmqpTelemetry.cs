using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace TypedAmqp.Observability;

/// <summary>
/// TypedAmqp's tracing and metrics, following OpenTelemetry's messaging semantic conventions (see docs/telemetry.md).
/// Subscribe with OpenTelemetry (<c>AddSource("TypedAmqp")</c>, <c>AddMeter("TypedAmqp")</c>) or any ActivityListener /
/// MeterListener. Nothing is recorded, and nothing allocated for it, while nobody listens.
/// </summary>
public static class TypedAmqpTelemetry
{
    /// <summary>The name of the ActivitySource and the Meter.</summary>
    public const string Name = "TypedAmqp";

    private static readonly string Version =
        typeof(TypedAmqpTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    // The bucket boundaries the conventions advise for both duration histograms.
    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    /// <summary>Publish (producer) and process (consumer) spans.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    /// <summary>The meter all TypedAmqp instruments belong to.</summary>
    public static Meter Meter { get; } = new(Name, Version);

    /// <summary>Instrument names: the conventions' four, and TypedAmqp's own under <c>typedamqp.client.</c>.</summary>
    public static class InstrumentNames
    {
        /// <summary>Counter of messages a publisher attempted to send (counted at their outcome).</summary>
        public const string SentMessages = "messaging.client.sent.messages";

        /// <summary>Counter of messages delivered to the application's handlers.</summary>
        public const string ConsumedMessages = "messaging.client.consumed.messages";

        /// <summary>Histogram of publish durations, from the call to the broker's confirm, in seconds.</summary>
        public const string OperationDuration = "messaging.client.operation.duration";

        /// <summary>Histogram of process durations (the process span), in seconds.</summary>
        public const string ProcessDuration = "messaging.process.duration";

        /// <summary>Up-down counter of publishes waiting for the broker's confirm.</summary>
        public const string ConfirmsInFlight = "typedamqp.client.confirms.in_flight";

        /// <summary>Observed count of this process's open AMQP connections, by <see cref="MessagingAttributes.ConnectionState"/>.</summary>
        public const string Connections = "typedamqp.client.connections";

        /// <summary>Counter of recovery steps of <see cref="Amqp091.RecoveringMessaging"/>, by <see cref="MessagingAttributes.RecoveryEvent"/>.</summary>
        public const string RecoveryEvents = "typedamqp.client.recovery.events";
    }

    internal static readonly Counter<long> SentMessages =
        Meter.CreateCounter<long>(InstrumentNames.SentMessages, "{message}", "Number of messages producer attempted to send to the broker.");

    internal static readonly Counter<long> ConsumedMessages =
        Meter.CreateCounter<long>(InstrumentNames.ConsumedMessages, "{message}", "Number of messages that were delivered to the application.");

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        InstrumentNames.OperationDuration, "s", "Duration of messaging operation initiated by a producer or consumer client.", tags: null, advice: DurationAdvice);

    internal static readonly Histogram<double> ProcessDuration = Meter.CreateHistogram(
        InstrumentNames.ProcessDuration, "s", "Duration of processing operation.", tags: null, advice: DurationAdvice);

    internal static readonly UpDownCounter<long> ConfirmsInFlight =
        Meter.CreateUpDownCounter<long>(InstrumentNames.ConfirmsInFlight, "{message}", "Publishes waiting for the broker's confirm.");

    internal static readonly Counter<long> RecoveryEvents =
        Meter.CreateCounter<long>(InstrumentNames.RecoveryEvents, "{event}", "Connection losses, reconnection attempts and their outcomes, and consumers failing or running again.");

    private static int s_openConnections;
    private static int s_blockedConnections;

    internal static readonly ObservableUpDownCounter<int> Connections = Meter.CreateObservableUpDownCounter(
        InstrumentNames.Connections, ObserveConnections, "{connection}", "Open AMQP connections of this process, by state.");

    private static IEnumerable<Measurement<int>> ObserveConnections()
    {
        int blocked = Volatile.Read(ref s_blockedConnections);
        int open = Volatile.Read(ref s_openConnections) - blocked;
        return
        [
            new Measurement<int>(Math.Max(0, open), new KeyValuePair<string, object?>(MessagingAttributes.ConnectionState, "open")),
            new Measurement<int>(blocked, new KeyValuePair<string, object?>(MessagingAttributes.ConnectionState, "blocked")),
        ];
    }

    internal static void ConnectionOpened() => Interlocked.Increment(ref s_openConnections);

    internal static void ConnectionClosed() => Interlocked.Decrement(ref s_openConnections);

    internal static void ConnectionBlocked() => Interlocked.Increment(ref s_blockedConnections);

    internal static void ConnectionUnblocked() => Interlocked.Decrement(ref s_blockedConnections);

    /// <summary>Whether anything would take a publish's span or metrics: when not, a publish does no telemetry work at all.</summary>
    internal static bool PublishObserved => ActivitySource.HasListeners() || SentMessages.Enabled || OperationDuration.Enabled;

    /// <summary>Whether anything would take a delivery's span or metrics.</summary>
    internal static bool ProcessObserved => ActivitySource.HasListeners() || ConsumedMessages.Enabled || ProcessDuration.Enabled;

    internal const string TraceParentHeader = "traceparent";
    internal const string TraceStateHeader = "tracestate";
}
