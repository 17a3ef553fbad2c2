using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
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
        AmqpConnection first = host.Services.GetRequiredService<TypedAmqpRuntime>().Connection!;

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

    [BrokerFact]
    public async Task With_the_default_back_off_a_publish_is_confirmed_within_a_second_of_the_restarted_broker_accepting_connections()
    {
        await using PrivateBroker broker = await PrivateBroker.StartAsync("backoff", 5683);
        var log = new HostingTests.JobLog();
        // Only the broker differs from the defaults: no recovery settings.
        using IHost host = HostingTests.BuildHost(log, "hosting-backoff", settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:amqp"] = broker.Uri,
            ["TypedAmqp:RecoveryInitialDelaySeconds"] = null,
        });
        await host.StartAsync();
        IJobs jobs = host.Services.GetRequiredService<IJobs>();
        AmqpConnection first = host.Services.GetRequiredService<TypedAmqpRuntime>().Connection!;

        await broker.StopAsync();
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // long enough for the back-off to reach its cap

        Task<DateTime> accepting = FirstAcceptedConnectionAsync(broker.Uri, TimeSpan.FromSeconds(90));
        Task restarted = broker.StartAgainAsync();
        await jobs.Submit(new Job(5151, 1)).AsTask().WaitAsync(TimeSpan.FromSeconds(90));
        DateTime confirmed = DateTime.UtcNow;
        await restarted;

        TimeSpan lag = confirmed - await accepting;
        Assert.True(lag < TimeSpan.FromSeconds(1), $"the publish was confirmed {lag.TotalMilliseconds:F0} ms after the broker accepted its first AMQP connection");
        Assert.True(await log.Progress.WaitAsync(TimeSpan.FromSeconds(10)));
        await host.StopAsync();
    }

    /// <summary>
    /// When the broker first accepts an AMQP connection (handshake done), tried every 10 ms: a node that is still
    /// booting may accept TCP before it can open connections.
    /// </summary>
    private static async Task<DateTime> FirstAcceptedConnectionAsync(string uri, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        AmqpConnectionOptions options = AmqpConnectionOptions.Parse(uri);
        options.ConnectionTimeout = TimeSpan.FromSeconds(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using AmqpConnection probe = await AmqpConnection.ConnectAsync(options);
                return DateTime.UtcNow;
            }
            catch (Exception ex) when (ex is AmqpException or IOException or TimeoutException or System.Net.Sockets.SocketException)
            {
                await Task.Delay(10);
            }
        }

        throw new TimeoutException($"the broker at {AmqpConnectionOptions.Redact(uri)} accepted no connection within {timeout}");
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
