using System.Diagnostics;
using System.Reflection;

namespace TypedAmqp.Integration.Shipping;

/// <summary>Runs dotnet and built programs as child processes for the shipping tests, with no build servers left behind.</summary>
internal static class Processes
{
    public static string RepositoryRoot { get; } = Path.GetFullPath(
        typeof(Processes).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!);

    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["TYPEDAMQP_URI"] = Broker.Uri;
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
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}:\n{await output}\n{await errors}");
        }

        return (process.ExitCode, await output + await errors);
    }

    public static async Task<string> RunOrFailAsync(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        (int exitCode, string output) = await RunAsync(fileName, workingDirectory, timeout, arguments);
        Assert.True(exitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
        return output;
    }
}
