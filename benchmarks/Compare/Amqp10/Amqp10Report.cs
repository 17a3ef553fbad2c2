using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TypedAmqp.Compare.Amqp10;

/// <summary>Writes the AMQP 1.0 comparison as a Markdown table with the targets, and the raw figures as JSON.</summary>
internal static class Amqp10Report
{
    private const string Ours = "TypedAmqp";
    private const string Baseline = "AMQPNetLite";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(string directory, List<Measurement> results, int rounds, int messages, int bodySize)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "benchmarks-amqp10.json"), JsonSerializer.Serialize(
            results.Select(r => new Dictionary<string, object>
            {
                ["scenario"] = r.Scenario, ["client"] = r.Client, ["messages"] = r.Messages, ["seconds"] = r.Seconds,
                ["messagesPerSecond"] = r.MessagesPerSecond, ["clientCpuMicrosecondsPerMessage"] = r.ClientCpuMicrosecondsPerMessage,
                ["allocatedBytesPerMessage"] = r.AllocatedBytesPerMessage, ["brokerCpuMicrosecondsPerMessage"] = r.BrokerCpuMicrosecondsPerMessage,
                ["contextSwitchesPerMessage"] = r.ContextSwitchesPerMessage,
                ["latencyP50Microseconds"] = r.Latency?.P50 ?? 0, ["latencyP99Microseconds"] = r.Latency?.P99 ?? 0,
            }).ToList(),
            new JsonSerializerOptions { WriteIndented = true }));

        var md = new StringBuilder();
        md.AppendLine("# Benchmarks: TypedAmqp's AMQP 1.0 client beside AMQPNetLite");
        md.AppendLine();
        md.AppendLine("Written by `benchmarks/Compare --amqp10` (run by `eng/compare.sh` after the 0-9-1 comparison). TypedAmqp's `Amqp10Client`");
        md.AppendLine("and AMQPNetLite 2.5.5 run alternately in one process against the same local RabbitMQ 4.0 node's native AMQP 1.0,");
        md.AppendLine($"{rounds} rounds after a warm-up, {messages:N0} messages of {bodySize} bytes (one data section) per run to a classic");
        md.AppendLine("queue. Figures are medians with the range over the rounds. Client CPU is this process's CPU time per message,");
        md.AppendLine("allocation the managed bytes allocated per message (whole process), broker CPU the RabbitMQ node's.");
        md.AppendLine();
        md.AppendLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, recorded {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine(Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit") == "0"
            ? "A tuned configuration, not the headline: thread-pool spin-waiting was off for the whole process."
            : "The headline: .NET's default settings, as users run them (no thread-pool environment variables).");
        md.AppendLine();
        md.AppendLine("Scenarios, each written once per library as its documentation shows: settled sends until the broker holds them");
        md.AppendLine("all (the queue's depth, polled over 0-9-1, is the finish line both share); unsettled sends with 256 awaiting their");
        md.AppendLine("outcome, each required to be accepted; receiving with credit 1,000, accepting each message; and request/response");
        md.AppendLine("round trips, one at a time, with settled requests and replies accepted by their receivers.");
        md.AppendLine();
        md.AppendLine("| Scenario | Client | Throughput (msg/s) | Client CPU (µs/msg) | Allocated (B/msg) | Context switches (/msg) | Broker CPU (µs/msg) | p50 (µs) | p99 (µs) |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (IGrouping<(string Scenario, string Client), Measurement> row in results.GroupBy(r => (r.Scenario, r.Client)))
        {
            bool roundTrip = row.First().Latency is not null;
            md.AppendLine(Invariant,
                $"| {row.Key.Scenario} | {row.Key.Client} | {Report.Stats(row.Select(r => r.MessagesPerSecond)).Format("N0")} | {Report.Stats(row.Select(r => r.ClientCpuMicrosecondsPerMessage)).Format("N2")} | {Report.Stats(row.Select(r => r.AllocatedBytesPerMessage)).Format("N1")} | {Report.Stats(row.Select(r => r.ContextSwitchesPerMessage)).Format("N2")} | {Report.Stats(row.Select(r => r.BrokerCpuMicrosecondsPerMessage)).Format("N2")} | {(roundTrip ? Report.Stats(row.Select(r => r.Latency!.Value.P50)).Format("N0") : "")} | {(roundTrip ? Report.Stats(row.Select(r => r.Latency!.Value.P99)).Format("N0") : "")} |");
        }

        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("Ratios of TypedAmqp's medians to AMQPNetLite's from this run, against the AMQP 1.0 engine's targets: client CPU per");
        md.AppendLine("message at most 0.3×, throughput at least 1×, and 0 B allocated per message on sends.");
        md.AppendLine();
        md.AppendLine("| Scenario | Client CPU ratio | Target | Throughput ratio | Target | TypedAmqp B/msg | Target | Met |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (IGrouping<string, Measurement> scenario in results.GroupBy(r => r.Scenario))
        {
            Measurement[] ours = [.. scenario.Where(r => r.Client == Ours)];
            Measurement[] baseline = [.. scenario.Where(r => r.Client == Baseline)];
            if (ours.Length == 0 || baseline.Length == 0) continue;
            double cpu = Report.Stats(ours.Select(r => r.ClientCpuMicrosecondsPerMessage)).Median / Report.Stats(baseline.Select(r => r.ClientCpuMicrosecondsPerMessage)).Median;
            double throughput = Report.Stats(ours.Select(r => r.MessagesPerSecond)).Median / Report.Stats(baseline.Select(r => r.MessagesPerSecond)).Median;
            double allocated = Report.Stats(ours.Select(r => r.AllocatedBytesPerMessage)).Median;
            bool send = scenario.Key.StartsWith("send", StringComparison.Ordinal);
            bool met = cpu <= 0.3 && throughput >= 1 && (!send || allocated < 1);
            md.AppendLine(Invariant,
                $"| {scenario.Key} | {cpu:N2} | ≤ 0.30 | {throughput:N2} | ≥ 1 | {allocated:N1} | {(send ? "0" : "")} | {(met ? "yes" : "**no**")} |");
        }

        File.WriteAllText(Path.Combine(directory, "benchmarks-amqp10.md"), md.ToString());
    }
}
