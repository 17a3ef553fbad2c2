using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Compare;

/// <summary>Writes the comparison as a Markdown table, an SVG bar chart and the raw figures as JSON.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The name the property-block probe's steps start with (see <see cref="PropertyBlockProbe"/>); they get a table of their own.</summary>
    public const string PropertyBlockScenario = "property block probe";

    /// <param name="wakeMicroseconds">What one thread wake cost on this machine in this run (see <see cref="WakeCost"/>).</param>
    public static void Write(string directory, List<Measurement> results, int rounds, int messages, int bodySize, double wakeMicroseconds)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "benchmarks.json"), JsonSerializer.Serialize(
            results.Select(r => new Dictionary<string, object>
            {
                ["scenario"] = r.Scenario, ["client"] = r.Client, ["messages"] = r.Messages, ["seconds"] = r.Seconds,
                ["messagesPerSecond"] = r.MessagesPerSecond, ["clientCpuMicrosecondsPerMessage"] = r.ClientCpuMicrosecondsPerMessage,
                ["allocatedBytesPerMessage"] = r.AllocatedBytesPerMessage, ["brokerCpuMicrosecondsPerMessage"] = r.BrokerCpuMicrosecondsPerMessage,
                ["latencyP50Microseconds"] = r.Latency?.P50 ?? 0, ["latencyP99Microseconds"] = r.Latency?.P99 ?? 0,
            }).ToList(),
            new JsonSerializerOptions { WriteIndented = true }));

        ILookup<bool, Measurement> isProbe = results.ToLookup(r => r.Scenario.StartsWith(PropertyBlockScenario, StringComparison.Ordinal));
        List<Measurement> probes = [.. isProbe[true]];
        results = [.. isProbe[false]];
        var rows = results.Where(r => r.Latency is null).GroupBy(r => (r.Scenario, r.Client)).Select(g => new
        {
            g.Key.Scenario,
            g.Key.Client,
            Throughput = Stats(g.Select(r => r.MessagesPerSecond)),
            Cpu = Stats(g.Select(r => r.ClientCpuMicrosecondsPerMessage)),
            Allocated = Stats(g.Select(r => r.AllocatedBytesPerMessage)),
            Broker = Stats(g.Select(r => r.BrokerCpuMicrosecondsPerMessage)),
            Switches = Stats(g.Select(r => r.ContextSwitchesPerMessage)),
        }).ToList();

        var md = new StringBuilder();
        md.AppendLine("# Benchmarks: TypedAmqp beside RabbitMQ.Client and MassTransit");
        md.AppendLine();
        md.AppendLine("Written by `benchmarks/Compare` (run it with `eng/compare.sh`). The clients run alternately in one process against the same");
        md.AppendLine($"local RabbitMQ, {rounds} rounds after a warm-up, {messages:N0} messages per run to non-durable queues: {bodySize}-byte bodies for the");
        md.AppendLine("raw scenarios (TypedAmqp beside RabbitMQ.Client 7.2.2), and a small record serialized as about 250 bytes of JSON for the");
        md.AppendLine("typed ones (TypedAmqp's generated publisher and dispatcher beside MassTransit 8.5.12, persistent messages in both).");
        md.AppendLine("Figures are medians with the range over the rounds. Client CPU is this process's CPU time per message; allocation is");
        md.AppendLine("managed bytes allocated per message (whole process); broker CPU is the RabbitMQ node's CPU time per message, read from /proc.");
        md.AppendLine();
        md.AppendLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, recorded {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine(Invariant, $"On this machine one thread wake (a sleeping thread woken by another, as in every hand-off between threads) costs {wakeMicroseconds:N1} µs");
        md.AppendLine("of CPU, measured in the same run by two threads passing a signal back and forth (`WakeCost`): for most scenarios below,");
        md.AppendLine("that is more than the protocol work per message, so a client's CPU per message is largely its hand-offs per message.");
        md.AppendLine();
        md.AppendLine(Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit") == "0"
            ? "A tuned configuration, not the headline: thread-pool spin-waiting was off for the whole process, so for every client " +
              "(`DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0`, which `COMPARE_SPIN_OFF=1 eng/compare.sh` adds beside the headline run). " +
              "With the default, idle .NET thread-pool workers spin (sched_yield) before sleeping; on 2 cores shared with the broker that spinning " +
              "is much of each client's CPU time."
            : "The headline: .NET's default settings, as users run them (no thread-pool environment variables). Idle thread-pool workers " +
              "spin before sleeping, and on 2 cores shared with the broker that spinning counts in each client's CPU time.");
        md.AppendLine();
        md.AppendLine("| Scenario | Client | Throughput (msg/s) | Client CPU (µs/msg) | Allocated (B/msg) | Context switches (/msg) | Broker CPU (µs/msg) |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            md.AppendLine(Invariant, $"| {row.Scenario} | {row.Client} | {row.Throughput.Format("N0")} | {row.Cpu.Format("N2")} | {row.Allocated.Format("N1")} | {row.Switches.Format("N2")} | {row.Broker.Format("N2")} |");
        }

        md.AppendLine();
        md.AppendLine("Round trips, one at a time (latency in µs, median of the rounds' percentiles). The plain round trip publishes one");
        md.AppendLine("message and consumes and acks it on the same connection before the next. In the request/response ones the raw clients");
        md.AppendLine("and TypedAmqp's generated requests use direct reply-to; MassTransit's request client replies through its bus queue:");
        md.AppendLine();
        md.AppendLine("| Scenario | Client | p50 (µs) | p99 (µs) | Client CPU (µs/round trip) | Allocated (B/round trip) | Context switches (/round trip) | Broker CPU (µs/round trip) |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (IGrouping<(string Scenario, string Client), Measurement> client in results.Where(r => r.Latency is not null).GroupBy(r => (r.Scenario, r.Client)))
        {
            md.AppendLine(Invariant,
                $"| {client.Key.Scenario} | {client.Key.Client} | {Stats(client.Select(r => r.Latency!.Value.P50)).Format("N0")} | {Stats(client.Select(r => r.Latency!.Value.P99)).Format("N0")} | {Stats(client.Select(r => r.ClientCpuMicrosecondsPerMessage)).Format("N1")} | {Stats(client.Select(r => r.AllocatedBytesPerMessage)).Format("N0")} | {Stats(client.Select(r => r.ContextSwitchesPerMessage)).Format("N1")} | {Stats(client.Select(r => r.BrokerCpuMicrosecondsPerMessage)).Format("N1")} |");
        }

        md.AppendLine();
        md.AppendLine("The raw round trips await a `TaskCompletionSource` of the benchmark's own, the same code for every client, so each");
        md.AppendLine("reply's continuation goes through the .NET thread pool, whose hand-off costs 3–4 context switches on this machine (a");
        md.AppendLine("woken worker wakes a second one); that is most of what separates the raw figures from the typed ones, whose requester");
        md.AppendLine("awaits TypedAmqp's own source and continues on the connection's continuation thread (one switch).");
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("Ratios of medians from this run: TypedAmqp against RabbitMQ.Client on raw bytes (client CPU per message at most half,");
        md.AppendLine("throughput at least equal), and TypedAmqp's generated code against MassTransit on the typed scenarios (CPU per message");
        md.AppendLine("at most a fifth, throughput at least twice). Allocation targets are checked separately (see the allocation column).");
        md.AppendLine("Each TypedAmqp configuration is compared on its own: by default consumers run their handlers on the connection's reader");
        md.AppendLine("thread, watched so that a handler that blocks has reading handed to another thread after 10–20 ms; with \"handlers on own");
        md.AppendLine("thread\" (`ConsumerOptions.RunHandlerOnReaderThread` and `AmqpMessaging.RunHandlersOnReaderThread` off) each consumer runs");
        md.AppendLine("its handler on a thread of its own, for handlers that mostly block. That thread is woken once per socket read; in a round");
        md.AppendLine("trip every read carries one message, so it pays one more wake per round trip on each consuming side");
        md.AppendLine(Invariant, $"({wakeMicroseconds:N1} µs each here), which is most of the difference between the round-trip rows of the two.");
        md.AppendLine("\"Broker cores\" is the CPU the RabbitMQ node used during TypedAmqp's runs, in cores (median): a queue is one");
        md.AppendLine("Erlang process, so from about one core up the broker, not the client, sets the pace, and a throughput ratio");
        md.AppendLine("below target is marked broker-bound when the client CPU target is met. A round trip, one at a time, keeps the broker");
        md.AppendLine("far from a core, but every step of it (route the request, deliver it, route the reply, deliver it) waits for the one");
        md.AppendLine("before, so the broker's CPU per round trip is a floor under the round-trip time whatever the client does; a round-trip");
        md.AppendLine("ratio below target is marked broker-bound when that floor alone would keep the ratio below target (\"Broker ceiling\":");
        md.AppendLine("the ratio a client costing nothing would reach, one second over our broker CPU per round trip, against the other");
        md.AppendLine("library's round trips per second).");
        md.AppendLine();
        md.AppendLine("| Scenario | TypedAmqp | Compared with | Client CPU ratio | Target | Throughput ratio | Target | Broker cores | Broker ceiling | Met |");
        md.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (Target target in Targets(results))
        {
            md.AppendLine(Invariant,
                $"| {target.Scenario} | {target.Ours} | {target.Baseline} | {target.CpuRatio:N2} | ≤ {target.CpuTarget:N2} | {target.ThroughputRatio:N2} | ≥ {target.ThroughputTarget:N0} | {target.BrokerCores:N2} | {(target.BrokerCeiling is { } ceiling ? ceiling.ToString("N2", Invariant) : "")} | {Verdict(target)} |");
        }

        md.AppendLine();
        md.AppendLine("![Throughput by scenario](benchmarks.svg)");
        md.AppendLine();
        md.AppendLine("Where broker CPU per message is close to the client's total budget, the broker (on the same 2-core machine) is the");
        md.AppendLine("bottleneck and throughput differences understate the difference in client cost; compare client CPU per message then.");
        WritePropertyBlockProbe(md, probes);
        File.WriteAllText(Path.Combine(directory, "benchmarks.md"), md.ToString());
        File.WriteAllText(Path.Combine(directory, "benchmarks.svg"), Chart(rows.Select(r => (r.Scenario, r.Client, r.Throughput.Median)).ToList()));
    }

    private static void WritePropertyBlockProbe(StringBuilder md, List<Measurement> probes)
    {
        if (probes.Count == 0) return;
        md.AppendLine();
        md.AppendLine("## The broker's cost of the property block");
        md.AppendLine();
        md.AppendLine("The same raw messages (TypedAmqp's channel API, 256-byte bodies, the properties a typed publish sets), published with");
        md.AppendLine("confirms and then consumed with multiple acks, with a property block (flags and properties) of 64 bytes and of 65 bytes:");
        md.AppendLine();
        md.AppendLine("| Step | Property block | Throughput (msg/s) | Broker CPU (µs/msg) |");
        md.AppendLine("| --- | --- | ---: | ---: |");
        foreach (IGrouping<(string Scenario, string Client), Measurement> step in probes.GroupBy(r => (r.Scenario, r.Client)))
        {
            md.AppendLine(Invariant,
                $"| {step.Key.Scenario[(PropertyBlockScenario.Length + 2)..]} | {step.Key.Client} | {Stats(step.Select(r => r.MessagesPerSecond)).Format("N0")} | {Stats(step.Select(r => r.BrokerCpuMicrosecondsPerMessage)).Format("N2")} |");
        }

        md.AppendLine();
        md.AppendLine("RabbitMQ keeps binaries of up to 64 bytes on an Erlang process's own heap and larger ones by reference, and the step");
        md.AppendLine("shows on both paths. A typed publish sends content type, delivery mode, a 22-character message id, a timestamp and the");
        md.AppendLine("wire name: within 64 bytes for a wire name of up to 12 characters (a returned publish is matched to its confirm by its");
        md.AppendLine("message id, which adds nothing). The typed publish and consume scenarios above use the wire name `compare.order-placed`");
        md.AppendLine("(20 characters), so their block is 72 bytes and they pay the larger figures.");
    }

    /// <summary>One scenario's ratios of a TypedAmqp configuration to the library it is measured against, with the issue's targets.</summary>
    /// <param name="BrokerCeiling">
    /// Round trips only: the throughput ratio a client costing nothing would reach, with the broker's CPU per round trip
    /// as the round-trip time.
    /// </param>
    private sealed record Target(string Scenario, string Ours, string Baseline, double CpuRatio, double CpuTarget, double ThroughputRatio, double ThroughputTarget, double BrokerCores, double? BrokerCeiling);

    /// <summary>The broker keeps at least this many cores busy when it is the bottleneck (one queue process, plus its connections').</summary>
    private const double BrokerBoundCores = 1.0;

    private static string Verdict(Target target)
    {
        bool cpuMet = target.CpuRatio <= target.CpuTarget;
        bool throughputMet = target.ThroughputRatio >= target.ThroughputTarget;
        if (cpuMet && throughputMet) return "yes";
        bool brokerBound = target.BrokerCores >= BrokerBoundCores || target.BrokerCeiling < target.ThroughputTarget;
        return cpuMet && brokerBound ? "**no**, broker-bound" : "**no**";
    }

    private static IEnumerable<Target> Targets(List<Measurement> results)
    {
        foreach (IGrouping<string, Measurement> scenario in results.GroupBy(r => r.Scenario))
        {
            foreach (IGrouping<string, Measurement> ours in scenario.Where(r => r.Client.StartsWith("TypedAmqp", StringComparison.Ordinal)).GroupBy(r => r.Client))
            {
                foreach (IGrouping<string, Measurement> baseline in scenario.Where(r => !r.Client.StartsWith("TypedAmqp", StringComparison.Ordinal)).GroupBy(r => r.Client))
                {
                    bool typed = baseline.Key.StartsWith("MassTransit", StringComparison.Ordinal);
                    double cpu = Stats(ours.Select(r => r.ClientCpuMicrosecondsPerMessage)).Median / Stats(baseline.Select(r => r.ClientCpuMicrosecondsPerMessage)).Median;
                    double throughput = Stats(ours.Select(r => r.MessagesPerSecond)).Median / Stats(baseline.Select(r => r.MessagesPerSecond)).Median;
                    double brokerCores = Stats(ours.Select(r => r.BrokerCores)).Median;
                    double? brokerCeiling = ours.First().Latency is null
                        ? null
                        : 1e6 / Stats(ours.Select(r => r.BrokerCpuMicrosecondsPerMessage)).Median / Stats(baseline.Select(r => r.MessagesPerSecond)).Median;
                    yield return new Target(scenario.Key, ours.Key, baseline.Key, cpu, typed ? 0.2 : 0.5, throughput, typed ? 2 : 1, brokerCores, brokerCeiling);
                }
            }
        }
    }

    private static string Chart(List<(string Scenario, string Client, double Value)> bars)
    {
        const int barHeight = 22, gap = 8, left = 330, width = 820;
        double max = bars.Count == 0 ? 1 : bars.Max(b => b.Value);
        var svg = new StringBuilder();
        int height = bars.Count * (barHeight + gap) + 40;
        svg.AppendLine(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">Throughput, median msg/s (longer is better)</text>");
        int y = 30;
        foreach ((string scenario, string client, double value) in bars)
        {
            double length = (width - left - 90) * value / max;
            string color = client.StartsWith("TypedAmqp", StringComparison.Ordinal) ? "#2b7bb9" : "#9a9a9a";
            svg.AppendLine(Invariant, $"<text x=\"{left - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{Escape(scenario)} — {Escape(client)}</text>");
            svg.AppendLine(Invariant, $"<rect x=\"{left}\" y=\"{y}\" width=\"{length:F1}\" height=\"{barHeight}\" fill=\"{color}\"/>");
            svg.AppendLine(Invariant, $"<text x=\"{left + length + 6:F1}\" y=\"{y + 15}\">{value.ToString("N0", Invariant)}</text>");
            y += barHeight + gap;
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    internal static Summary Stats(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return new Summary(median, sorted[0], sorted[^1]);
    }

    internal readonly record struct Summary(double Median, double Min, double Max)
    {
        public string Format(string format) =>
            $"{Median.ToString(format, Invariant)} ({Min.ToString(format, Invariant)}–{Max.ToString(format, Invariant)})";
    }
}
