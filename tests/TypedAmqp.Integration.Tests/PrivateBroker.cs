using System.Diagnostics;
using System.Reflection;

namespace TypedAmqp.Integration;

/// <summary>
/// A second RabbitMQ node, started through eng/broker.sh with its own data directory, node name and port, for tests
/// that stop and restart the broker itself. The shared broker the other tests use is never touched.
/// </summary>
internal sealed class PrivateBroker : IAsyncDisposable
{
    private static readonly string Script = Path.Combine(
        typeof(PrivateBroker).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!, "eng", "broker.sh");

    private readonly Dictionary<string, string> _environment;

    private PrivateBroker(string name, int port)
    {
        Port = port;
        _environment = new Dictionary<string, string>
        {
            ["TYPEDAMQP_BROKER_DIR"] = $"/tmp/typedamqp-broker-{name}",
            ["TYPEDAMQP_BROKER_NODE"] = $"typedamqp-{name}@localhost",
            ["TYPEDAMQP_BROKER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TYPEDAMQP_BROKER_TLS_PORT"] = (port + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            // These nodes are stopped and restarted to time recovery; the management plugin's start-up would only
            // compete with that for the CPU.
            ["TYPEDAMQP_BROKER_MANAGEMENT"] = "0",
        };
    }

    /// <summary>The node's AMQP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The guest URI of the node.</summary>
    public string Uri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    /// <summary>Starts a node named <paramref name="name"/> listening on <paramref name="port"/>.</summary>
    public static async Task<PrivateBroker> StartAsync(string name, int port)
    {
        var broker = new PrivateBroker(name, port);
        await broker.RunAsync("start");
        return broker;
    }

    /// <summary>Starts the node again after <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync() => RunAsync("start");

    /// <summary>Stops the node, as an operator or a crash would take the broker away.</summary>
    public Task StopAsync() => RunAsync("stop");

    public async ValueTask DisposeAsync() => await RunAsync("stop");

    /// <summary>Runs rabbitmqctl against the node.</summary>
    public Task CtlAsync(params string[] arguments) => RunAsync(["ctl", .. arguments]);

    private async Task RunAsync(params string[] command)
    {
        var start = new ProcessStartInfo("bash", [Script, .. command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach ((string key, string value) in _environment) start.Environment[key] = value;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(150)).Token);
        Assert.True(process.ExitCode == 0, $"broker.sh {string.Join(' ', command)} for {_environment["TYPEDAMQP_BROKER_NODE"]} failed:\n{await output}\n{await errors}");
    }
}
