using TypedAmqp.Buffers;

namespace TypedAmqp.Tests.Buffers;

/// <summary>
/// The one queue of waits: awaited pooled waiters and owners that carry on by themselves (the 0-9-1 deferred publish)
/// are released together, in order, with the owner's error when it closes; a wait withdrawn first is not released.
/// </summary>
public sealed class WaiterQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Stands in for an owner that carries on by itself once released: records what it was released with.</summary>
    private sealed class RecordingWait(List<string> released, string name) : QueuedWait
    {
        public override void Release(Exception? error) => released.Add(error is null ? name : $"{name}: {error.Message}");
    }

    [Fact]
    public async Task Awaited_waits_and_waits_that_carry_on_by_themselves_are_released_together_in_the_order_they_came()
    {
        var queue = new WaiterQueue();
        var released = new List<string>();
        PooledWaiter first;
        PooledWaiter third;
        lock (queue.Sync)
        {
            first = queue.AddLocked();
            queue.AddLocked(new RecordingWait(released, "second"));
            third = queue.AddLocked();
            queue.AddLocked(new RecordingWait(released, "fourth"));
        }

        Task firstWait = first.WaitAsync(CancellationToken.None).AsTask();
        Task thirdWait = third.WaitAsync(CancellationToken.None).AsTask();
        QueuedWait? all;
        lock (queue.Sync) all = queue.TakeAllLocked();
        WaiterQueue.ReleaseAll(all);

        await Task.WhenAll(firstWait, thirdWait).WaitAsync(Timeout);
        Assert.Equal(["second", "fourth"], released);
        lock (queue.Sync) Assert.Null(queue.TakeFirstLocked());
    }

    [Fact]
    public async Task An_error_fails_every_awaited_wait_and_reaches_the_others_and_a_withdrawn_wait_is_not_released()
    {
        var queue = new WaiterQueue();
        var released = new List<string>();
        var withdrawn = new RecordingWait(released, "withdrawn");
        PooledWaiter awaited;
        lock (queue.Sync)
        {
            awaited = queue.AddLocked();
            queue.AddLocked(withdrawn);
            queue.AddLocked(new RecordingWait(released, "kept"));
        }

        Assert.True(queue.Withdraw(withdrawn));
        Assert.False(queue.Withdraw(withdrawn)); // only once

        Task wait = awaited.WaitAsync(CancellationToken.None).AsTask();
        QueuedWait? all;
        lock (queue.Sync) all = queue.TakeAllLocked();
        WaiterQueue.ReleaseAll(all, new InvalidOperationException("closed"));

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => wait.WaitAsync(Timeout));
        Assert.Equal("closed", error.Message);
        Assert.Equal(["kept: closed"], released);
    }

    [Fact]
    public async Task The_queue_s_lock_is_the_one_its_owner_guards_its_state_with_and_a_cancellation_waits_for_it()
    {
        var queue = new WaiterQueue();
        Lock ownersLock = queue.Sync;

        // A cancellation takes the queue's lock: held by the owner, the withdrawal waits for it.
        using var cancel = new CancellationTokenSource();
        PooledWaiter waiter;
        lock (ownersLock) waiter = queue.AddLocked();
        Task wait = waiter.WaitAsync(cancel.Token).AsTask();
        Task cancelling;
        lock (ownersLock)
        {
            cancelling = Task.Run(cancel.Cancel);
            Thread.Sleep(100);
            Assert.False(cancelling.IsCompleted);
            Assert.False(wait.IsCompleted);
        }

        await cancelling.WaitAsync(Timeout);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Timeout));
    }
}
