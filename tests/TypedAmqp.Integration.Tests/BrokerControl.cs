using System.Diagnostics;
using System.Reflection;

namespace TypedAmqp.Integration;

/// <summary>Operator actions on the local test broker, through eng/broker.sh (rabbitmqctl).</summary>
internal static class BrokerControl
{
    private static readonly string Script = Path.Combine(
        typeof(BrokerControl).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!, "eng", "broker.sh");

    /// <summary>Force-closes the connection with the given client name, as an operator would (320 CONNECTION_FORCED).</summary>
    public static async Task ForceCloseConnectionAsync(string connectionName, string reason)
    {
        string listing = await RunAsync("ctl", "list_connections", "pid", "client_properties");
        string? line = listing.Split('\n').FirstOrDefault(l => l.Contains($"\"{connectionName}\"", StringComparison.Ordinal));
        Assert.True(line is not null, $"connection '{connectionName}' not found in:\n{listing}");
        string pid = line.Split('\t', ' ')[0];
        await RunAsync("ctl", "close_connection", pid, reason);
    }

    /// <summary>Imports a definitions file into the broker (rabbitmqctl import_definitions).</summary>
    public static Task ImportDefinitionsAsync(string path) => RunAsync("import", path);

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.True(process.ExitCode == 0, $"broker.sh {string.Join(' ', arguments)} failed: {await errors}");
        return await output;
    }
}
