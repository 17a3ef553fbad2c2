namespace TypedAmqp.Hosting;

/// <summary>
/// What <see cref="TypedAmqpHostApplicationBuilderExtensions.AddTypedAmqp(Microsoft.Extensions.Hosting.IHostApplicationBuilder, string, Action{TypedAmqpSettings}?)"/>
/// sets up beside the connection, in the style of .NET Aspire components: each switch is also read from
/// configuration (<c>TypedAmqp:DisableHealthChecks</c>, <c>TypedAmqp:DisableTracing</c>, <c>TypedAmqp:DisableMetrics</c>).
/// </summary>
public sealed class TypedAmqpSettings
{
    /// <summary>The connection and runtime settings, already read from configuration.</summary>
    public required TypedAmqpOptions Options { get; init; }

    /// <summary>Leaves out the health check (registered by default as <c>typedamqp-{connection name}</c>).</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Leaves out OpenTelemetry tracing of TypedAmqp's ActivitySource (registered by default).</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Leaves out OpenTelemetry metrics of TypedAmqp's Meter (registered by default).</summary>
    public bool DisableMetrics { get; set; }
}
