using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedAmqp.Amqp091;
using TypedAmqp.Hosting;
using TypedAmqp.Integration.Hosting;
using Xunit.Abstractions;

namespace TypedAmqp.Integration.Chaos;

/// <summary>
/// The network between a host and its broker black-holes the connection without closing it: the host notices within
/// two heartbeat intervals of the last frame that came through, reconnects, and publishes and consumes again.
/// </summary>
[Collection(HostingTests.JobQueueCollection)]
public sealed class BlackHoleTests(ITestOutputHelper output)
{
    // Long enough that the scheduling slack of a busy 2-core CI machine (over a second was seen, with the other test
    // projects running beside this one) still leaves the bound below a third interval.
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(3);

    [BrokerFact]
    public async Task A_black_holed_connection_is_detected_within_two_heartbeats_and_recovered()
    {
        AmqpConnectionOptions broker = Broker.Options();
        await using var proxy = new BlackHoleProxy(broker.Host, broker.EffectivePort);
        var log = new HostingTests.JobLog();
        using IHost host = HostingTests.BuildHost(log, "chaos-black-hole", settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:amqp"] = $"amqp://guest:guest@127.0.0.1:{proxy.Port}/",
            ["TypedAmqp:HeartbeatSeconds"] = HeartbeatInterval.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await host.StartAsync();
        TypedAmqpRuntime runtime = host.Services.GetRequiredService<TypedAmqpRuntime>();
        IJobs jobs = host.Services.GetRequiredService<IJobs>();
        await jobs.Submit(new Job(8101, 0));
        await HandledAsync(log, 8101);
        AmqpConnection first = runtime.Connection()!;

        Assert.Equal(1, proxy.BlackHole());
        CloseReason lost = await first.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        long detected = Stopwatch.GetTimestamp();
        TimeSpan silence = Stopwatch.GetElapsedTime(proxy.LastForwardedToClientTimestamp, detected);
        output.WriteLine($"closed {silence.TotalMilliseconds:F0} ms after the last frame came through: {lost}");

        Assert.Equal(CloseInitiator.Library, lost.Initiator);
        Assert.Contains("Missed heartbeats", lost.ReplyText, StringComparison.Ordinal);
        // Two intervals, plus the heartbeat check's period (a quarter interval) and scheduling slack: under three intervals.
        Assert.True(silence <= 2 * HeartbeatInterval + HeartbeatInterval / 4 + TimeSpan.FromMilliseconds(1500),
            $"the dead connection was noticed {silence.TotalMilliseconds:F0} ms after its last frame");
        Assert.True(silence >= 2 * HeartbeatInterval - TimeSpan.FromMilliseconds(100), $"closed after only {silence.TotalMilliseconds:F0} ms of silence");

        // Recovered through the proxy, which forwards new connections.
        await jobs.Submit(new Job(8102, 0)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await HandledAsync(log, 8102);
        Assert.NotSame(first, runtime.Connection());
        await host.StopAsync();
    }

    /// <summary>Waits until the job numbered <paramref name="number"/> was handled (the shared queue may hold others' jobs too).</summary>
    private static async Task HandledAsync(HostingTests.JobLog log, int number)
    {
        for (var wait = Stopwatch.StartNew(); !log.Handled.Any(h => h.Number == number); await Task.Delay(20))
        {
            Assert.True(wait.Elapsed < TimeSpan.FromSeconds(15), $"job {number} was not handled within 15 s");
        }
    }
}
