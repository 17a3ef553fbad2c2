namespace TypedAmqp.Buffers;

/// <summary>
/// A first-come first-served queue of waits, the one mechanism under <see cref="AsyncLock"/>, <see cref="AsyncPulse"/>
/// and the AMQP 0-9-1 client's waits for room. Awaited waits are pooled <see cref="PooledWaiter"/>s; an owner that
/// carries on by itself once released queues itself (<see cref="AddLocked(QueuedWait)"/>). The queue's owner keeps its
/// own state under <see cref="Sync"/> together with the queue's (it takes that as its lock), and releases waits outside it.
/// </summary>
/// <remarks>
/// Taking every wait out is constant-time, since it runs under the owner's busiest lock (a writer swapping its batch, a
/// read loop handling an ack): the list is cut loose and the queue's generation moves on, and a wait in the list cut
/// loose is no longer in the queue, because its generation is an older one.
/// </remarks>
internal sealed class WaiterQueue
{
    /// <summary>More spare waiters than this are left to the garbage collector, so a burst of waits is not kept for good.</summary>
    private const int MaxSpares = 1024;

    private QueuedWait? _first; // oldest first (under Sync)
    private QueuedWait? _last;
    private long _generation; // a wait is in the queue when its Generation is this one (under Sync)
    private PooledWaiter? _spare; // waiters read and reset, linked through Next (under Sync)
    private int _spareCount;

    /// <summary>The lock of the queue and of its owner's state.</summary>
    public Lock Sync { get; } = new();

    /// <summary>Puts a pooled waiter at the end; call under <see cref="Sync"/>, then <see cref="PooledWaiter.WaitAsync"/> outside it.</summary>
    public PooledWaiter AddLocked()
    {
        PooledWaiter? waiter = _spare;
        if (waiter is null)
        {
            waiter = new PooledWaiter(this);
        }
        else
        {
            _spare = (PooledWaiter?)waiter.Next;
            _spareCount--;
        }

        AddLocked(waiter);
        return waiter;
    }

    /// <summary>Puts <paramref name="wait"/> at the end; call under <see cref="Sync"/>.</summary>
    public void AddLocked(QueuedWait wait)
    {
        wait.Next = null;
        wait.Previous = _last;
        if (_last is null) _first = wait;
        else _last.Next = wait;
        _last = wait;
        wait.Generation = _generation;
    }

    /// <summary>Takes the oldest wait out, or null; call under <see cref="Sync"/>, and release it outside.</summary>
    public QueuedWait? TakeFirstLocked()
    {
        QueuedWait? first = _first;
        if (first is not null) Unlink(first);
        return first;
    }

    /// <summary>Takes every wait out; call under <see cref="Sync"/>, and release them outside with <see cref="ReleaseAll"/>.</summary>
    public QueuedWait? TakeAllLocked()
    {
        QueuedWait? first = _first;
        _first = null;
        _last = null;
        _generation++;
        return first;
    }

    /// <summary>Releases the waits <see cref="TakeAllLocked"/> took, outside <see cref="Sync"/>; with <paramref name="error"/>, they fail with it.</summary>
    public static void ReleaseAll(QueuedWait? first, Exception? error = null)
    {
        while (first is not null)
        {
            QueuedWait? next = first.Next; // read before the release: once released, the wait may be reused or queued again
            first.Next = null;
            first.Previous = null;
            first.Release(error);
            first = next;
        }
    }

    /// <summary>Takes a wait out that gave up (cancelled), unless it was taken out first.</summary>
    public bool Withdraw(QueuedWait wait)
    {
        lock (Sync)
        {
            if (wait.Generation != _generation) return false;
            Unlink(wait);
            return true;
        }
    }

    internal void Recycle(PooledWaiter waiter)
    {
        lock (Sync)
        {
            if (_spareCount == MaxSpares) return;
            waiter.Next = _spare;
            _spare = waiter;
            _spareCount++;
        }
    }

    private void Unlink(QueuedWait wait)
    {
        if (wait.Previous is null) _first = wait.Next;
        else wait.Previous.Next = wait.Next;
        if (wait.Next is null) _last = wait.Previous;
        else wait.Next.Previous = wait.Previous;
        wait.Next = null;
        wait.Previous = null;
        wait.Generation = QueuedWait.NotQueued;
    }
}
