using System.Diagnostics;
using System.Text;

namespace TypedAmqp.Tests.Amqp10;

/// <summary>Runs proton_interop.py (Qpid Proton's side of the cross-checks) in one of its modes.</summary>
internal static class ProtonInterop
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Amqp10", "proton_interop.py");

    /// <summary>Feeds <paramref name="input"/> to the script's <paramref name="mode"/> and returns its output lines.</summary>
    public static string[] Run(string mode, string input)
    {
        Assert.True(ProtonFactAttribute.IsAvailable, "python3-qpid-proton is required (CI=true): apt-get install -y python3-qpid-proton, or eng/test-dependencies.sh.");
        using Process process = Process.Start(new ProcessStartInfo(ProtonFactAttribute.Python, [Script, mode])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        })!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            Assert.Fail("proton_interop.py did not finish within two minutes");
        }

        Assert.True(process.ExitCode == 0, $"proton_interop.py {mode} failed: {error.Result}");
        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
