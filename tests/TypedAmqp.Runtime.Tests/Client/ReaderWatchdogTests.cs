using TypedAmqp.Amqp091;

namespace TypedAmqp.Tests.Client;

/// <summary>
/// The watchdog that hands reading on when the reader thread is stuck in a run of handlers: a run still going after
/// two ticks is handed on once, with its state, and its thread learns it no longer reads; short runs never are.
/// </summary>
public sealed class ReaderWatchdogTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void A_run_that_outlasts_two_ticks_is_handed_on_once_with_its_state()
    {
        var handedOn = new List<object?>();
        using var handOnSeen = new SemaphoreSlim(0);
        using var watchdog = new ReaderWatchdog(state =>
        {
            lock (handedOn) handedOn.Add(state);
            handOnSeen.Release();
        }, Tick);
        var runState = new object();

        long run = watchdog.BeginRun(runState);
        Assert.True(handOnSeen.Wait(TimeSpan.FromSeconds(10)), "the stuck run was not handed on");
        Assert.False(watchdog.IsStillReading(run));

        // Stuck a while longer: still handed on only once.
        Thread.Sleep(5 * Tick);
        Assert.False(watchdog.EndRun(run));
        lock (handedOn) Assert.Same(runState, Assert.Single(handedOn));

        // The thread handed reading to starts its own runs, which are the reader's again.
        long next = watchdog.BeginRun(null);
        Assert.True(watchdog.IsStillReading(next));
        Assert.True(watchdog.EndRun(next));
    }

    [Fact]
    public void Runs_that_end_within_a_tick_are_never_handed_on()
    {
        // Ticks are long here so that a run preempted on a busy machine cannot look stuck.
        int handOns = 0;
        using var watchdog = new ReaderWatchdog(_ => Interlocked.Increment(ref handOns), TimeSpan.FromMilliseconds(100));

        var until = DateTime.UtcNow + TimeSpan.FromMilliseconds(600);
        int runs = 0;
        while (DateTime.UtcNow < until)
        {
            long run = watchdog.BeginRun(null);
            Assert.True(watchdog.EndRun(run));
            runs++;
            if (runs % 64 == 0) Thread.Sleep(1); // runs with pauses between them, as reads come
        }

        Assert.Equal(0, Volatile.Read(ref handOns));
        Assert.True(runs > 100);
    }

    [Fact]
    public void A_run_after_a_quiet_spell_is_still_watched()
    {
        // The timer stops after a tick without runs; the next run must start it again.
        using var handOnSeen = new SemaphoreSlim(0);
        using var watchdog = new ReaderWatchdog(_ => handOnSeen.Release(), Tick);
        Assert.True(watchdog.EndRun(watchdog.BeginRun(null)));
        Thread.Sleep(10 * Tick);

        long stuck = watchdog.BeginRun(null);
        Assert.True(handOnSeen.Wait(TimeSpan.FromSeconds(10)), "the run after the quiet spell was not handed on");
        Assert.False(watchdog.EndRun(stuck));
    }
}
