using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TypedAmqp.Observability;

namespace TypedAmqp.Hosting;

/// <summary>Adds TypedAmqp to a host builder with its health check and telemetry, the way .NET Aspire components do.</summary>
public static class TypedAmqpHostApplicationBuilderExtensions
{
    /// <summary>
    /// Adds TypedAmqp connected to <c>ConnectionStrings:{connectionName}</c> (or <c>TypedAmqp:Uri</c>), with the other
    /// settings from the <c>TypedAmqp</c> section; registers the health check and OpenTelemetry tracing and metrics
    /// for TypedAmqp unless <paramref name="configure"/> or configuration turns them off.
    /// </summary>
    public static TypedAmqpBuilder AddTypedAmqp(this IHostApplicationBuilder builder, string connectionName = "amqp", Action<TypedAmqpSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        IConfigurationSection section = builder.Configuration.GetSection("TypedAmqp");
        var settings = new TypedAmqpSettings
        {
            Options = TypedAmqpOptions.FromConfiguration(builder.Configuration, connectionName),
            DisableHealthChecks = Switch(section, nameof(TypedAmqpSettings.DisableHealthChecks)),
            DisableTracing = Switch(section, nameof(TypedAmqpSettings.DisableTracing)),
            DisableMetrics = Switch(section, nameof(TypedAmqpSettings.DisableMetrics)),
        };
        configure?.Invoke(settings);

        TypedAmqpBuilder typed = builder.Services.AddTypedAmqp(settings.Options);
        if (!settings.DisableHealthChecks) builder.Services.AddHealthChecks().AddCheck<TypedAmqpHealthCheck>("typedamqp-" + connectionName);
        if (!settings.DisableTracing) builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(TypedAmqpTelemetry.Name));
        if (!settings.DisableMetrics) builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(TypedAmqpTelemetry.Name));
        return typed;
    }

    private static bool Switch(IConfigurationSection section, string key) =>
        section[key] is { } value && (bool.TryParse(value, out bool on)
            ? on
            : throw new InvalidOperationException($"TypedAmqp:{key} is '{value}'; use true or false."));
}
