namespace TypedAmqp.Buffers;

/// <summary>
/// A first-come first-served queue of pooled waits, the one mechanism under <see cref="AsyncLock"/> and
/// <see cref="AsyncPulse"/>. Its owner keeps its own state under <see cref="Sync"/> together with the queue's, and
/// releases waiters outside it.
/// </summary>
internal sealed class WaiterQueue
{
    private PooledWaiter? _first; // oldest first (under Sync)
    private PooledWaiter? _last;
    private PooledWaiter? _spare; // waiters read and reset, linked through Next (under Sync)

    /// <summary>The lock of the queue and of its owner's state.</summary>
    public object Sync { get; } = new();

    /// <summary>Puts a waiter at the end; call under <see cref="Sync"/>, then <see cref="PooledWaiter.WaitAsync"/> outside it.</summary>
    public PooledWaiter AddLocked()
    {
        PooledWaiter waiter = _spare ?? new PooledWaiter(this);
        _spare = waiter.Next;
        waiter.Next = null;
        waiter.Previous = _last;
        if (_last is null) _first = waiter;
        else _last.Next = waiter;
        _last = waiter;
        waiter.Queued = true;
        return waiter;
    }

    /// <summary>Takes the oldest waiter out, or null; call under <see cref="Sync"/>, and release it outside.</summary>
    public PooledWaiter? TakeFirstLocked()
    {
        PooledWaiter? first = _first;
        if (first is not null) Unlink(first);
        return first;
    }

    /// <summary>Takes every waiter out; call under <see cref="Sync"/>, and release them outside with <see cref="ReleaseAll"/>.</summary>
    public PooledWaiter? TakeAllLocked()
    {
        PooledWaiter? first = _first;
        for (PooledWaiter? waiter = first; waiter is not null; waiter = waiter.Next) waiter.Queued = false;
        _first = null;
        _last = null;
        return first;
    }

    /// <summary>Releases the waiters <see cref="TakeAllLocked"/> took, outside <see cref="Sync"/>.</summary>
    public static void ReleaseAll(PooledWaiter? first)
    {
        while (first is not null)
        {
            PooledWaiter? next = first.Next; // read before the release: once read, the waiter may be reused
            first.Next = null;
            first.Previous = null;
            first.Release();
            first = next;
        }
    }

    /// <summary>Takes a cancelled waiter out, unless it was released first.</summary>
    internal bool Withdraw(PooledWaiter waiter)
    {
        lock (Sync)
        {
            if (!waiter.Queued) return false;
            Unlink(waiter);
            return true;
        }
    }

    internal void Recycle(PooledWaiter waiter)
    {
        lock (Sync)
        {
            waiter.Next = _spare;
            _spare = waiter;
        }
    }

    private void Unlink(PooledWaiter waiter)
    {
        if (waiter.Previous is null) _first = waiter.Next;
        else waiter.Previous.Next = waiter.Next;
        if (waiter.Next is null) _last = waiter.Previous;
        else waiter.Next.Previous = waiter.Previous;
        waiter.Next = null;
        waiter.Previous = null;
        waiter.Queued = false;
    }
}
