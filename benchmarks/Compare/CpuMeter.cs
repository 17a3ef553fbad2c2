using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TypedAmqp.Compare;

/// <summary>Reads this process's CPU time and allocations, and the broker's CPU time from /proc.</summary>
internal static class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // Linux USER_HZ
    private static readonly int? BrokerPid = FindBroker();

    public static bool HasBroker => BrokerPid is not null;

    public static (TimeSpan Cpu, long Allocated, double BrokerCpu, long ContextSwitches) Snapshot()
    {
        using Process self = Process.GetCurrentProcess();
        return (self.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), BrokerCpuSeconds(), ContextSwitches());
    }

    /// <summary>
    /// Voluntary and involuntary context switches of all this process's threads so far: each is a thread going to
    /// sleep or being preempted, which on a small VM costs more than the protocol work around it.
    /// </summary>
    private static long ContextSwitches()
    {
        if (!OperatingSystem.IsLinux() || getrusage(0 /* RUSAGE_SELF */, out RUsage usage) != 0) return 0;
        return usage.VoluntarySwitches + usage.InvoluntarySwitches;
    }

    /// <summary>Context switches so far of each thread of this process (by thread id), with the thread's name.</summary>
    public static Dictionary<int, (string Name, long Switches)> SwitchesByThread()
    {
        var threads = new Dictionary<int, (string, long)>();
        foreach (string directory in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                string name = File.ReadAllText(Path.Combine(directory, "comm")).Trim();
                long switches = File.ReadLines(Path.Combine(directory, "status"))
                    .Where(line => line.Contains("ctxt_switches:", StringComparison.Ordinal))
                    .Sum(line => long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture));
                threads[int.Parse(Path.GetFileName(directory), System.Globalization.CultureInfo.InvariantCulture)] = (name, switches);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return threads;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out RUsage usage);

    // struct rusage on 64-bit Linux: two timevals, then fourteen longs.
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResident, SharedMemory, UnsharedData, UnsharedStack, MinorFaults, MajorFaults, Swaps, BlockInputs, BlockOutputs, MessagesSent, MessagesReceived, Signals;
        public long VoluntarySwitches, InvoluntarySwitches;
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
