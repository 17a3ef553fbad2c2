using System.Diagnostics;
using System.Reflection;

namespace TypedAmqp.Integration;

/// <summary>Runs the samples as processes against the broker and checks what they print.</summary>
public sealed class SampleTests
{
    private static string SamplePath(string key) =>
        typeof(SampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [BrokerFact]
    public async Task Quickstart_round_trips_its_greetings_through_the_broker()
    {
        string dll = SamplePath("QuickstartAssembly");
        Assert.True(File.Exists(dll), $"the Quickstart sample was not built at {dll}");
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TYPEDAMQP_URI"] = Broker.Uri;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        string text = await output;
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{text}\n{await errors}");
        Assert.Contains("received: Bonjour (fr) via routing key greeting.fr, type quickstart.greeting", text);
        Assert.Contains("done: 3 greetings round-tripped", text);
        Assert.DoesNotContain("guest:guest", text);
    }
}
