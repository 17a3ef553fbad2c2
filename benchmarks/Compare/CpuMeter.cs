using System.Diagnostics;

namespace TypedAmqp.Compare;

/// <summary>Reads this process's CPU time and allocations, and the broker's CPU time from /proc.</summary>
internal static class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // Linux USER_HZ
    private static readonly int? BrokerPid = FindBroker();

    public static bool HasBroker => BrokerPid is not null;

    public static (TimeSpan Cpu, long Allocated, double BrokerCpu) Snapshot()
    {
        using Process self = Process.GetCurrentProcess();
        return (self.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), BrokerCpuSeconds());
    }

    private static double BrokerCpuSeconds()
    {
        if (BrokerPid is not { } pid) return 0;
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the command name: state is field 3, utime field 14, stime field 15 (1-based over the whole line).
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int? FindBroker()
    {
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out int pid)) continue;
            try
            {
                string command = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (command.Contains("beam.smp", StringComparison.Ordinal) && command.Contains("rabbit", StringComparison.Ordinal)) return pid;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}
