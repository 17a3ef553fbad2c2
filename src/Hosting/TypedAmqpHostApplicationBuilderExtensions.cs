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
    /// for TypedAmqp unless <paramref name="configure"/> or configuration turns them off. The options are validated when
    /// the host starts and follow configuration reloads where that is safe; so that a reload keeps what
    /// <paramref name="configure"/> changed, it is called again each time the options are rebuilt.
    /// </summary>
    public static TypedAmqpBuilder AddTypedAmqp(this IHostApplicationBuilder builder, string connectionName = "amqp", Action<TypedAmqpSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        IConfiguration configuration = builder.Configuration;
        IConfigurationSection section = configuration.GetSection("TypedAmqp");
        bool disableHealthChecks = Switch(section, nameof(TypedAmqpSettings.DisableHealthChecks));
        bool disableTracing = Switch(section, nameof(TypedAmqpSettings.DisableTracing));
        bool disableMetrics = Switch(section, nameof(TypedAmqpSettings.DisableMetrics));
        TypedAmqpSettings Settings(TypedAmqpOptions options)
        {
            var settings = new TypedAmqpSettings
            {
                Options = options,
                DisableHealthChecks = disableHealthChecks,
                DisableTracing = disableTracing,
                DisableMetrics = disableMetrics,
            };
            configure?.Invoke(settings);
            return settings;
        }

        var initialOptions = new TypedAmqpOptions();
        initialOptions.Bind(configuration, connectionName);
        TypedAmqpSettings initial = Settings(initialOptions);

        TypedAmqpBuilder typed = builder.Services.AddTypedAmqp(configuration, connectionName, configure is null ? null : options => Settings(options));
        if (!initial.DisableHealthChecks) builder.Services.AddHealthChecks().AddCheck<TypedAmqpHealthCheck>("typedamqp-" + connectionName);
        if (!initial.DisableTracing) builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(TypedAmqpTelemetry.Name));
        if (!initial.DisableMetrics) builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(TypedAmqpTelemetry.Name));
        return typed;
    }

    private static bool Switch(IConfigurationSection section, string key) =>
        section[key] is { } value && (bool.TryParse(value, out bool on)
            ? on
            : throw new InvalidOperationException($"TypedAmqp:{key} is '{value}'; use true or false."));
}
