using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using TypedAmqp.Amqp091;
using TypedAmqp.Hosting;

namespace TypedAmqp.Integration.Hosting;

/// <summary>
/// The broker process itself goes away and comes back. These tests run their own RabbitMQ node (see
/// <see cref="PrivateBroker"/>) so stopping it does not disturb the tests sharing the main broker.
/// </summary>
public sealed class BrokerOutageTests
{
    [BrokerFact]
    public async Task The_health_check_turns_unhealthy_when_the_broker_stops_and_healthy_again_after_it_restarts()
    {
        await using PrivateBroker broker = await PrivateBroker.StartAsync("outage", 5682);
        var log = new HostingTests.JobLog();
        using IHost host = HostingTests.BuildHost(log, "hosting-outage", settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:amqp"] = broker.Uri,
            ["TypedAmqp:RecoveryMaxDelaySeconds"] = "1",
        });
        await host.StartAsync();
        var check = host.Services.GetRequiredService<TypedAmqpHealthCheck>();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        AmqpConnection first = host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()!;

        await broker.StopAsync();

        CloseReason lost = await first.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(CloseInitiator.Application, lost.Initiator);
        HealthCheckResult down = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains("closed", down.Description);

        await broker.StartAgainAsync();

        HealthStatus status = await PollAsync(check, HealthStatus.Healthy, TimeSpan.FromSeconds(60));
        Assert.Equal(HealthStatus.Healthy, status);

        // The restarted node lost the non-durable exchange and queue; recovery declared them again.
        await host.Services.GetRequiredService<IJobs>().Submit(new Job(5150, 1));
        Assert.True(await log.Progress.WaitAsync(TimeSpan.FromSeconds(10)));
        await host.StopAsync();
        Assert.Contains(log.Handled, h => h.Number == 5150);
    }

    private static async Task<HealthStatus> PollAsync(TypedAmqpHealthCheck check, HealthStatus wanted, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        HealthStatus status;
        do
        {
            status = (await check.CheckHealthAsync(new HealthCheckContext())).Status;
            if (status == wanted) break;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        return status;
    }
}
