using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Hosting;

namespace TypedAmqp.Integration.Hosting;

/// <summary>The Aspire-style entry point: a named connection string, and the health check and telemetry on by default, each with its off switch.</summary>
[Collection(HostingTests.JobQueueCollection)] // it submits a job to the shared work queue, and purges it
public sealed class HostApplicationBuilderTests
{
    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [BrokerFact]
    public async Task A_named_connection_gets_its_health_check_tracing_and_metrics_by_default()
    {
        HostApplicationBuilder builder = Builder(new() { ["ConnectionStrings:orders-broker"] = Broker.Uri, ["TypedAmqp:ClientName"] = "aspire-style" });
        builder.AddTypedAmqp("orders-broker").AddGeneratedContracts();
        using IHost host = builder.Build();
        await host.StartAsync();

        HealthReport report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Entries["typedamqp-orders-broker"].Status);
        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        await host.Services.GetRequiredService<IJobs>().Submit(new Job(6001, 1));
        await host.StopAsync();

        // No worker runs here: the job would wait in the shared work queue and be handled by HostingTests' next host.
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        Assert.True(await channel.QueuePurgeAsync("typedamqp.it.jobs.work") >= 1, "the submitted job is in the work queue");
    }

    [Fact]
    public void Each_part_can_be_switched_off_in_configuration_or_in_code()
    {
        HostApplicationBuilder builder = Builder(new()
        {
            ["ConnectionStrings:amqp"] = Broker.Uri,
            ["TypedAmqp:DisableTracing"] = "true",
            ["TypedAmqp:DisableMetrics"] = "true",
        });
        builder.AddTypedAmqp(configure: settings => settings.DisableHealthChecks = true);
        using IHost host = builder.Build();

        Assert.Null(host.Services.GetService<HealthCheckService>());
        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.NotNull(host.Services.GetService<TypedAmqpRuntime>());
    }

    [Fact]
    public void A_switch_that_is_not_a_bool_is_refused_with_its_key()
    {
        HostApplicationBuilder builder = Builder(new() { ["ConnectionStrings:amqp"] = Broker.Uri, ["TypedAmqp:DisableTracing"] = "sometimes" });
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => builder.AddTypedAmqp());
        Assert.Contains("TypedAmqp:DisableTracing", refused.Message, StringComparison.Ordinal);
    }
}
