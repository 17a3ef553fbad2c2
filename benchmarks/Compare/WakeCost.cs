using System.Diagnostics;
using TypedAmqp.Buffers;

namespace TypedAmqp.Compare;

/// <summary>
/// What waking a sleeping thread costs on this machine: two threads pass a signal back and forth, each sleeping until
/// the other wakes it (the runtime's own <see cref="ThreadSignal"/>, which its dedicated threads sleep on), and the
/// process's CPU time is divided by the wakes. Every hand-off between threads in the clients (to a handler thread, a
/// pool worker, a writer) pays about this, so it tells how far a scenario's client CPU is protocol work and how far it
/// is hand-offs.
/// </summary>
internal static class WakeCost
{
    /// <summary>The median over <paramref name="repetitions"/> runs of <paramref name="roundTrips"/> round trips, in µs of CPU per wake.</summary>
    public static double MeasureMicroseconds(int roundTrips = 20_000, int repetitions = 5)
    {
        var runs = new List<double>();
        for (int i = 0; i < repetitions; i++) runs.Add(MeasureOnce(roundTrips));
        runs.Sort();
        return runs[runs.Count / 2];
    }

    private static double MeasureOnce(int roundTrips)
    {
        var ping = new ThreadSignal();
        var pong = new ThreadSignal();
        var echo = new Thread(() =>
        {
            for (int i = 0; i < roundTrips; i++)
            {
                ping.Wait();
                pong.Set();
            }
        }) { IsBackground = true, Name = "wake-cost echo" };

        using Process self = Process.GetCurrentProcess();
        echo.Start();
        TimeSpan before = self.TotalProcessorTime;
        for (int i = 0; i < roundTrips; i++)
        {
            ping.Set();
            pong.Wait();
        }

        echo.Join();
        self.Refresh();
        return (self.TotalProcessorTime - before).TotalMicroseconds / (2.0 * roundTrips);
    }
}
