using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TypedAmqp.Compare;

/// <summary>Reads this process's CPU time and allocations, and the broker's CPU time from /proc.</summary>
internal static class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // Linux USER_HZ
    private static int? s_brokerPid = FindBroker();

    public static bool HasBroker => s_brokerPid is not null;

    /// <summary>
    /// Measures the broker process that listens on <paramref name="port"/> (with two nodes running, the first RabbitMQ
    /// process found may be the other one); keeps the first one found when no process owns that port.
    /// </summary>
    public static void MeasureBrokerOn(int port) => s_brokerPid = FindListener(port) ?? s_brokerPid;

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
        if (s_brokerPid is not { } pid) return 0;
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

    /// <summary>The process holding the socket that listens on the TCP port, found through its inode in /proc.</summary>
    private static int? FindListener(int port)
    {
        string local = $":{port:X4} ";
        var inodes = new HashSet<string>();
        foreach (string table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (string line in File.ReadLines(table).Skip(1))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && (fields[1] + " ").EndsWith(local, StringComparison.Ordinal) && fields[3] == "0A") inodes.Add($"socket:[{fields[9]}]"); // 0A: LISTEN
            }
        }

        if (inodes.Count == 0) return null;
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out int pid)) continue;
            try
            {
                foreach (string fd in Directory.EnumerateFileSystemEntries(Path.Combine(directory, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)) return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        return null;
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
