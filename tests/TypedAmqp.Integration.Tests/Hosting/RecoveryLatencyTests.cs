using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedAmqp.Amqp091;
using TypedAmqp.Hosting;

namespace TypedAmqp.Integration.Hosting;

/// <summary>
/// A latency bound is only meaningful when the machine is not busy with other tests, so this collection runs alone,
/// after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(RecoveryLatencyTests), DisableParallelization = true)]
public sealed class RecoveryLatencyCollection;

/// <summary>How soon after a private broker comes back the host publishes again, with the default back-off.</summary>
[Collection(nameof(RecoveryLatencyTests))]
public sealed class RecoveryLatencyTests
{
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
        AmqpConnection first = host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()!;

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
}
