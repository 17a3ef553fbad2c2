using System.Diagnostics;

namespace TypedAmqp.Compare;

/// <summary>
/// Runs measured steps and keeps their figures: CPU time, allocations, the broker's CPU and context switches around
/// each one. Round 0 is the warm-up and is printed but not kept. A step that returns latencies is a round trip; its
/// percentiles are kept.
/// </summary>
internal sealed class StepRunner(bool showThreads)
{
    public List<Measurement> Results { get; } = [];

    public async Task MeasureAsync(int round, string scenario, string client, int count, Func<Task<double[]?>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        (TimeSpan cpu, long allocated, double broker, long switches) before = CpuMeter.Snapshot();
        Dictionary<int, (string Name, long Switches)> threadsBefore = showThreads ? CpuMeter.SwitchesByThread() : [];
        var clock = Stopwatch.StartNew();
        double[]? latencies = await run();
        clock.Stop();
        if (showThreads)
        {
            foreach (var thread in CpuMeter.SwitchesByThread()
                .Select(t => (t.Value.Name, Switches: t.Value.Switches - (threadsBefore.TryGetValue(t.Key, out var earlier) ? earlier.Switches : 0)))
                .GroupBy(t => t.Name).Where(g => g.Sum(t => t.Switches) > 0))
            {
                Console.WriteLine($"    {thread.Key,-20} {thread.Count(),3} threads {thread.Sum(t => t.Switches) / (double)count,8:N2} switches/msg");
            }
        }

        (TimeSpan cpu, long allocated, double broker, long switches) after = CpuMeter.Snapshot();
        var measurement = new Measurement(scenario, client, count, clock.Elapsed.TotalSeconds,
            (after.cpu - before.cpu).TotalSeconds, after.allocated - before.allocated, after.broker - before.broker, after.switches - before.switches);
        if (latencies is not null)
        {
            Array.Sort(latencies);
            measurement = measurement with { Latency = (latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)]) };
        }

        if (round > 0) Results.Add(measurement);
        string figures = measurement.Latency is { } latency
            ? $"p50 {latency.P50,8:N0} µs  p99 {latency.P99,8:N0} µs"
            : $"{measurement.MessagesPerSecond,10:N0} msg/s";
        Console.WriteLine($"{(round == 0 ? "warm-up" : $"round {round}")}: {scenario,-40} {client,-24} {figures} {measurement.ClientCpuMicrosecondsPerMessage,7:N2} µs CPU/msg {measurement.AllocatedBytesPerMessage,8:N1} B/msg {measurement.ContextSwitchesPerMessage,6:N2} switches/msg");
    }
}
