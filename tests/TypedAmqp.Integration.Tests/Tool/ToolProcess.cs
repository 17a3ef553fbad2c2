using System.Diagnostics;
using System.Reflection;

namespace TypedAmqp.Integration.Tool;

/// <summary>What one run of the typedamqp tool returned.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Errors}";
}

/// <summary>Runs the built typedamqp tool as a process (dotnet TypedAmqp.Tool.dll …), as CI would.</summary>
internal static class ToolProcess
{
    private static string Metadata(string key) =>
        typeof(ToolProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>The OrderProcessing sample's built assembly, the subject of the tool's tests.</summary>
    public static string OrderProcessing => Metadata("OrderProcessingAssembly");

    /// <summary>A sample's built assembly by its metadata key (QuickstartAssembly, WebApiAssembly…).</summary>
    public static string Sample(string key) => Metadata(key);

    public static async Task<ToolRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        string dll = Metadata("ToolAssembly");
        Assert.True(File.Exists(dll), $"the tool was not built at {dll}");
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        // The tool must not pick up the test run's own settings.
        start.Environment.Remove("TYPEDAMQP_URI");
        start.Environment.Remove("TYPEDAMQP_MANAGEMENT_USER");
        start.Environment.Remove("TYPEDAMQP_MANAGEMENT_PASSWORD");
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new ToolRun(process.ExitCode, await output, await errors);
    }

    public static Task<ToolRun> RunAsync(params string[] arguments) => RunAsync(null, arguments);
}
