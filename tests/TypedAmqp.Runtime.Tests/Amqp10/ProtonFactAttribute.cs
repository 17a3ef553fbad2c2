using System.Diagnostics;

namespace TypedAmqp.Tests.Amqp10;

/// <summary>
/// A test that needs Debian's Qpid Proton for Python (python3-qpid-proton, under /usr/bin/python3). Skipped with the
/// reason when it is missing, except under CI=true, where the test runs and fails: CI installs it
/// (eng/test-dependencies.sh), so its absence there is a broken setup, not a reason to pass quietly.
/// </summary>
public sealed class ProtonFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Available = new(() =>
    {
        if (!File.Exists(Python)) return false;
        try
        {
            using Process process = Process.Start(new ProcessStartInfo(Python, ["-c", "import proton"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public static bool IsAvailable => Available.Value;

    public ProtonFactAttribute()
    {
        if (!IsAvailable && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"Qpid Proton for Python is not installed for {Python} (apt-get install -y python3-qpid-proton, or run eng/test-dependencies.sh); with CI=true this test fails instead.";
        }
    }
}
