using TypedAmqp.Buffers;

namespace TypedAmqp.Tests.Buffers;

/// <summary>The pooled async lock: one holder, waiters served in order, a cancelled waiter out of the queue, and no allocation once warm.</summary>
public sealed class AsyncLockTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Waiters_get_the_lock_one_at_a_time_in_the_order_they_asked()
    {
        var gate = new AsyncLock();
        await gate.EnterAsync(CancellationToken.None);
        var order = new List<int>();
        Task[] waiters = [.. Enumerable.Range(0, 5).Select(i => TakeAndRecordAsync(gate, order, i))];
        await Task.Delay(50);
        Assert.Empty(order);
        Assert.All(waiters, w => Assert.False(w.IsCompleted));

        gate.Exit();
        await Task.WhenAll(waiters).WaitAsync(Timeout);
        Assert.Equal([0, 1, 2, 3, 4], order);

        // Free again: the next enter does not wait.
        Assert.True(gate.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    private static async Task TakeAndRecordAsync(AsyncLock gate, List<int> order, int i)
    {
        ValueTask entering = gate.EnterAsync(CancellationToken.None); // asked in call order, before the first await
        await entering;
        try
        {
            order.Add(i);
            await Task.Yield();
        }
        finally
        {
            gate.Exit();
        }
    }

    [Fact]
    public async Task A_cancelled_waiter_throws_and_leaves_the_queue_so_the_lock_passes_to_the_one_behind_it()
    {
        var gate = new AsyncLock();
        await gate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        Task cancelled = gate.EnterAsync(cancel.Token).AsTask();
        Task behind = gate.EnterAsync(CancellationToken.None).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        Assert.True(cancelled.IsCanceled);
        Assert.False(behind.IsCompleted);

        gate.Exit();
        await behind.WaitAsync(Timeout);
        Assert.False(gate.EnterAsync(CancellationToken.None).IsCompleted); // the one behind holds it now

        // An already-cancelled token takes nothing, not even a free lock; a release of a free lock is refused.
        var free = new AsyncLock();
        Assert.True(free.EnterAsync(cancel.Token).IsCanceled);
        Assert.True(free.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
        free.Exit();
        Assert.Throws<SynchronizationLockException>(free.Exit);
    }

    [Fact]
    public async Task Two_hundred_waiters_at_a_time_allocate_nothing_once_warm()
    {
        var gate = new AsyncLock();
        const int Waiters = 200;
        var waits = new ValueTask[Waiters];
        using var timeout = new CancellationTokenSource(); // a cancellable token: SemaphoreSlim allocates most for these

        async ValueTask RoundAsync()
        {
            await gate.EnterAsync(timeout.Token);
            for (int i = 0; i < Waiters; i++) waits[i] = gate.EnterAsync(timeout.Token);
            gate.Exit();
            for (int i = 0; i < Waiters; i++)
            {
                await waits[i];
                gate.Exit();
            }
        }

        // Each waiter is given the lock before it is awaited, so everything runs on this thread: its count is the whole.
        for (int round = 0; round < 5; round++) await RoundAsync();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 20; round++) await RoundAsync();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Under a byte a wait, where SemaphoreSlim costs a task and a registration (over 200 bytes) each.
        Assert.True(allocated < 20 * Waiters, $"{allocated} bytes for {20 * Waiters} waits");
        Assert.True(gate.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_hand_over_gives_the_lock_to_the_oldest_waiter_or_keeps_it_when_nobody_waits()
    {
        var gate = new AsyncLock();
        await gate.EnterAsync(CancellationToken.None);
        Assert.False(gate.TryHandOver()); // nobody waits: still held
        Task waiting = gate.EnterAsync(CancellationToken.None).AsTask();
        await Task.Delay(20);
        Assert.False(waiting.IsCompleted);

        Assert.True(gate.TryHandOver());
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Task third = gate.EnterAsync(CancellationToken.None).AsTask();
        await Task.Delay(20);
        Assert.False(third.IsCompleted); // handed over, not freed: the waiter holds it now
        gate.Exit();
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        gate.Exit();
        Assert.Throws<SynchronizationLockException>(() => gate.TryHandOver());
    }
}
