using System.Diagnostics;
using System.Reflection;

namespace TypedAmqp.Integration.AsyncApi;

/// <summary>What the AsyncAPI project's parser said about a document.</summary>
internal sealed record ParserVerdict(bool Valid, string Diagnostics);

/// <summary>
/// Runs the AsyncAPI project's own parser (@asyncapi/parser, pinned in eng/asyncapi) over a document, through
/// eng/asyncapi/validate.cjs. The parser is installed once per machine by eng/asyncapi/install.sh, which
/// eng/test-dependencies.sh runs and which this class runs too, so a test started on its own finds it.
/// </summary>
internal static class AsyncApiParser
{
    private static readonly string Root =
        typeof(AsyncApiParser).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static readonly Lazy<Task<string>> NodeModules = new(InstallAsync);

    /// <summary>Whether node can be run at all; without it the parser tests are skipped locally and fail in CI.</summary>
    public static bool NodeIsAvailable { get; } = OnPath("node") && OnPath("npm");

    public static async Task<ParserVerdict> ParseAsync(string document)
    {
        string nodeModules = await NodeModules.Value;
        string file = Path.Combine(Path.GetTempPath(), $"typedamqp-asyncapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(Root, "eng", "asyncapi", "validate.cjs"), file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["NODE_PATH"] = nodeModules;
            (int exitCode, string output, string errors) = await RunAsync(start);
            Assert.True(exitCode is 0 or 1, $"the parser itself failed (exit {exitCode}):\n{output}\n{errors}");
            return new ParserVerdict(exitCode == 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> InstallAsync()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Root, "eng", "asyncapi", "install.sh")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        (int exitCode, string output, string errors) = await RunAsync(start);
        Assert.True(exitCode == 0, $"eng/asyncapi/install.sh failed (exit {exitCode}):\n{errors}");
        return output.Trim();
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(ProcessStartInfo start)
    {
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, command)));
}

/// <summary>
/// A test that runs the AsyncAPI parser under node. Locally it is skipped, with the reason, when node or npm is
/// missing; with CI=true it always runs, so a missing dependency fails the run instead of hiding it.
/// </summary>
public sealed class AsyncApiParserFactAttribute : FactAttribute
{
    public AsyncApiParserFactAttribute()
    {
        if (!Broker.IsCi && !AsyncApiParser.NodeIsAvailable)
        {
            Skip = "node and npm are needed to run the AsyncAPI parser; install them with eng/test-dependencies.sh (CI=true makes this a failure).";
        }
    }
}
