using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Clusters;

/// <summary>
/// A three-node RabbitMQ cluster on loopback, of version 3.10 or 4.0, started (or found running) through
/// <c>eng/broker.sh cluster</c>. The nodes are shared by the tests that use them; none of these tests stops a node.
/// </summary>
internal sealed class BrokerCluster
{
    private static readonly string Script = Path.Combine(
        typeof(BrokerCluster).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!, "eng", "broker.sh");

    private static readonly Dictionary<string, Task<BrokerCluster>> Started = [];

    private BrokerCluster(string version) => Version = version;

    public const int Size = 3;

    /// <summary>"3.10" or "4.0".</summary>
    public string Version { get; }

    private int BasePort => Version == "4.0" ? 5710 : 5700;

    /// <summary>The guest URI of node <paramref name="node"/> (1 to <see cref="Size"/>).</summary>
    public string Uri(int node) => $"amqp://guest:guest@127.0.0.1:{BasePort + node - 1}/";

    /// <summary>The Erlang name of node <paramref name="node"/>.</summary>
    public string NodeName(int node) => $"typedamqp-c{node}-{Version.Replace(".", "", StringComparison.Ordinal)}@localhost";

    /// <summary>The cluster of <paramref name="version"/>, started once per test run.</summary>
    public static Task<BrokerCluster> StartAsync(string version)
    {
        lock (Started)
        {
            if (!Started.TryGetValue(version, out Task<BrokerCluster>? started))
            {
                started = StartCoreAsync(version);
                Started[version] = started;
            }

            return started;
        }
    }

    private static async Task<BrokerCluster> StartCoreAsync(string version)
    {
        var cluster = new BrokerCluster(version);
        await RunAsync(version, TimeSpan.FromMinutes(5), "cluster", "start");
        return cluster;
    }

    /// <summary>Every node's AMQP endpoint, in node order.</summary>
    public IReadOnlyList<AmqpEndpoint> Endpoints => [.. Enumerable.Range(1, Size).Select(node => new AmqpEndpoint("127.0.0.1", BasePort + node - 1))];

    /// <summary>Kills node <paramref name="node"/>'s Erlang VM with SIGKILL, as a crash or an OOM killer would, and waits until it is gone.</summary>
    public async Task KillAsync(int node)
    {
        Dictionary<string, string> environment = await NodeEnvironmentAsync(node);
        string root = Version == "4.0" ? "/tmp/typedamqp-rabbitmq4-root" : "";
        int pid = int.Parse(File.ReadAllText(root + environment["TYPEDAMQP_BROKER_DIR"] + "/rabbit.pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using Process vm = Process.GetProcessById(pid);
        vm.Kill();
        await vm.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
    }

    /// <summary>Starts whatever nodes are down and waits until all of them run in the cluster again.</summary>
    public Task HealAsync() => RunAsync(Version, TimeSpan.FromMinutes(5), "cluster", "start");

    private async Task<Dictionary<string, string>> NodeEnvironmentAsync(int node)
    {
        string listing = await RunAsync(Version, TimeSpan.FromMinutes(1), "cluster", "env", node.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
    }

    public static async Task<AmqpConnection> ConnectAsync(string uri, string clientName)
    {
        AmqpConnectionOptions options = AmqpConnectionOptions.Parse(uri);
        options.ClientName = clientName;
        return await AmqpConnection.ConnectAsync(options);
    }

    /// <summary>Runs rabbitmqctl against node <paramref name="node"/> and parses its JSON output.</summary>
    public async Task<JsonElement> CtlJsonAsync(int node, params string[] arguments)
    {
        string[] environment = (await RunAsync(Version, TimeSpan.FromMinutes(1), "cluster", "env", node.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string output = await RunAsync(Version, TimeSpan.FromMinutes(1), environment, ["ctl", .. arguments, "--formatter", "json"]);
        using JsonDocument document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    private static Task<string> RunAsync(string version, TimeSpan timeout, params string[] arguments) =>
        RunAsync(version, timeout, [], arguments);

    private static async Task<string> RunAsync(string version, TimeSpan timeout, string[] environment, string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TYPEDAMQP_BROKER_VERSION"] = version;
        foreach (string variable in environment)
        {
            int equals = variable.IndexOf('=', StringComparison.Ordinal);
            start.Environment[variable[..equals]] = variable[(equals + 1)..];
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // A step that overran is killed, so its output ends and says how far it got.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"broker.sh {string.Join(' ', arguments)} (RabbitMQ {version}) did not finish within {timeout}:\n{await output}\n{await errors}");
        }

        Assert.True(process.ExitCode == 0, $"broker.sh {string.Join(' ', arguments)} (RabbitMQ {version}) failed:\n{await output}\n{await errors}");
        return await output;
    }
}
