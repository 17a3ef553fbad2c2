namespace TypedAmqp.Buffers;

/// <summary>
/// A first-come first-served lock for async code, held across awaits, whose waits are pooled: entering it with others
/// ahead allocates nothing once as many have waited at once before (a <see cref="SemaphoreSlim"/> allocates a task per
/// waiter, and more with a cancellable token). The waiter given the lock resumes on the thread pool, never inside
/// <see cref="Exit"/>.
/// </summary>
internal sealed class AsyncLock
{
    private readonly WaiterQueue _waiters = new();
    private bool _held; // under the queue's lock

    /// <summary>Takes the lock, waiting behind those who asked first; a cancelled wait throws and leaves the queue.</summary>
    public ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        // Checked first, as SemaphoreSlim does: a caller that has given up takes nothing, not even a free lock.
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        PooledWaiter waiter;
        lock (_waiters.Sync)
        {
            if (!_held)
            {
                _held = true;
                return default;
            }

            waiter = _waiters.AddLocked();
        }

        return waiter.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Hands the lock to the oldest waiter and returns true; when nobody waits, keeps it held and returns false, so the
    /// caller can finish what the next holder would have finished for it, and then <see cref="Exit"/>.
    /// </summary>
    public bool TryHandOver()
    {
        QueuedWait? next;
        lock (_waiters.Sync)
        {
            if (!_held) throw new SynchronizationLockException("The lock is not held.");
            next = _waiters.TakeFirstLocked();
            if (next is null) return false;
        }

        next.Release(null);
        return true;
    }

    /// <summary>Hands the lock to the oldest waiter (it stays held), or frees it.</summary>
    public void Exit()
    {
        QueuedWait? next;
        lock (_waiters.Sync)
        {
            // A release of a lock nobody holds would let the next two entrants in together.
            if (!_held) throw new SynchronizationLockException("The lock is not held.");
            next = _waiters.TakeFirstLocked();
            if (next is null) _held = false;
        }

        next?.Release(null);
    }
}
