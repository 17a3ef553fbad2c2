using System.Runtime.CompilerServices;
using TypedAmqp.Buffers;

namespace TypedAmqp.Tests.Buffers;

/// <summary>
/// The pooled async pieces under contention, seeded: thousands of methods and waits at once on the thread pool, some
/// cancelled at random instants, each checked for its own result (a box or waiter handed to two users would give one
/// the other's), mutual exclusion, and that nothing is left waiting.
/// </summary>
public sealed class PooledAsyncStressTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<long> EchoAfterHopsAsync(long value, int hops, bool fail)
    {
        for (int i = 0; i < hops; i++) await Task.Yield();
        if (fail) throw new InvalidOperationException(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return value;
    }

    [Fact]
    public async Task Many_pooled_methods_at_once_on_the_thread_pool_each_return_their_own_result_or_their_own_failure()
    {
        var random = new Random(20261203);
        for (int round = 0; round < 20; round++)
        {
            var running = new List<(long Value, bool Fail, Task<long> Task)>();
            for (int i = 0; i < 500; i++)
            {
                long value = ((long)round << 32) | (uint)i;
                bool fail = random.Next(10) == 0;
                int hops = random.Next(4);
                running.Add((value, fail, Task.Run(() => EchoAfterHopsAsync(value, hops, fail).AsTask())));
            }

            await Task.WhenAll(running.Select(r => r.Task)).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Bound);
            foreach ((long value, bool fail, Task<long> task) in running)
            {
                if (fail) Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<InvalidOperationException>(task.Exception!.InnerException).Message);
                else Assert.Equal(value, await task);
            }
        }
    }

    [Fact]
    public async Task A_lock_entered_by_hundreds_at_once_some_cancelled_at_random_is_held_by_one_at_a_time_and_every_wait_ends()
    {
        var gate = new AsyncLock();
        int inside = 0;
        int overlaps = 0;
        int entered = 0;
        int cancelled = 0;

        // Each of 200 loops enters 20 times, holding the lock across a hop to the pool, while the others queue; a third
        // of the waits have a token that fires within a few milliseconds.
        async Task LoopAsync(int seed)
        {
            var random = new Random(seed);
            for (int i = 0; i < 20; i++)
            {
                using var cancel = new CancellationTokenSource();
                bool cancellable = random.Next(3) == 0;
                if (cancellable) cancel.CancelAfter(random.Next(3));
                try
                {
                    await gate.EnterAsync(cancellable ? cancel.Token : CancellationToken.None);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                    continue;
                }

                try
                {
                    if (Interlocked.Increment(ref inside) != 1) Interlocked.Increment(ref overlaps);
                    Interlocked.Increment(ref entered);
                    await Task.Yield();
                    Interlocked.Decrement(ref inside);
                }
                finally
                {
                    gate.Exit();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 200).Select(seed => Task.Run(() => LoopAsync(seed)))).WaitAsync(Bound);
        Assert.Equal(0, overlaps);
        Assert.Equal(200 * 20, entered + cancelled);
        Assert.True(entered > 2000, $"{entered} entered, {cancelled} cancelled");

        // Nothing is left holding it.
        Assert.True(gate.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Pulses_racing_registrations_and_cancellations_never_leave_a_registered_wait_behind_the_last_pulse()
    {
        var pulse = new AsyncPulse();
        var random = new Random(7);
        using var stop = new CancellationTokenSource();
        Task pulsing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                pulse.Pulse();
                await Task.Yield();
            }
        });

        var waits = new List<Task>();
        int registered = 0;
        for (int i = 0; i < 3000; i++)
        {
            bool cancellable = random.Next(4) == 0;
            waits.Add(Task.Run(async () =>
            {
                using var cancel = new CancellationTokenSource();
                if (cancellable) cancel.CancelAfter(1);
                PooledWaiter wait = pulse.Register();
                Interlocked.Increment(ref registered);
                try
                {
                    await wait.WaitAsync(cancellable ? cancel.Token : CancellationToken.None);
                }
                catch (OperationCanceledException) when (cancellable)
                {
                    // Cancelled before a pulse came: fine.
                }
            }));
        }

        // Every wait ends: those still registered when pulsing stops are ended by one last pulse.
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); Volatile.Read(ref registered) < 3000 && clock.Elapsed < Bound;) await Task.Delay(5);
        await stop.CancelAsync();
        await pulsing.WaitAsync(Bound);
        pulse.Pulse();
        await Task.WhenAll(waits).WaitAsync(Bound);
    }
}
