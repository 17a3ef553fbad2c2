namespace TypedAmqp.Amqp091;

/// <summary>
/// Callers waiting for room — in the writer's pending batch (<see cref="ConnectionWriter.WaitForCapacityAsync"/>) or
/// among a channel's unconfirmed publishes (<see cref="ConfirmTracker.TryQueueForRoom"/>) — and a small pool of
/// <see cref="CapacityWaiter"/>s to wait with. All waiters are released together and look again, so order does not
/// matter and both lists are simple intrusive stacks. Besides awaited waiters, the waiting list takes any
/// <see cref="CapacityWaitEntry"/> (<see cref="Enqueue"/>), such as a publish that writes itself once there is room.
/// </summary>
internal sealed class CapacityWaitQueue
{
    /// <summary>More waiters than this at once are left to the garbage collector when they finish.</summary>
    private const int MaxPooled = 64;

    private readonly Lock _lock = new();
    private CapacityWaitEntry? _waiting;
    private CapacityWaiter? _free;
    private int _freeCount;

    /// <summary>
    /// Puts a waiter on the waiting list and starts its wait. The caller holds its owner's lock and has seen no room,
    /// so a release (which takes the list under that lock) cannot slip in between.
    /// </summary>
    public ValueTask Wait(CancellationToken cancellationToken)
    {
        CapacityWaiter waiter;
        lock (_lock)
        {
            waiter = _free ?? new CapacityWaiter(this);
            if (_free is not null)
            {
                _free = (CapacityWaiter?)waiter.Next;
                _freeCount--;
            }

            waiter.Next = _waiting;
            _waiting = waiter;
        }

        // Outside the lock: a token cancelled meanwhile runs the callback right here, and it takes the lock.
        return waiter.Start(cancellationToken);
    }

    /// <summary>
    /// Puts <paramref name="entry"/> on the waiting list, to be released with the others. As with <see cref="Wait"/>,
    /// the caller holds its owner's lock and has seen no room.
    /// </summary>
    public void Enqueue(CapacityWaitEntry entry)
    {
        lock (_lock)
        {
            entry.Next = _waiting;
            _waiting = entry;
        }
    }

    /// <summary>Takes every waiter off the waiting list, for <see cref="Release"/> outside the writer's lock.</summary>
    public CapacityWaitEntry? TakeAll()
    {
        lock (_lock)
        {
            CapacityWaitEntry? all = _waiting;
            _waiting = null;
            return all;
        }
    }

    /// <summary>
    /// Releases every waiter in a list from <see cref="TakeAll"/>, with <paramref name="closed"/> when the connection
    /// closed. Awaited waiters' continuations run on the thread pool.
    /// </summary>
    public static void Release(CapacityWaitEntry? waiters, Exception? closed = null)
    {
        while (waiters is not null)
        {
            // Read before completing: once its caller has the result, the waiter may be reused and relinked.
            CapacityWaitEntry? next = waiters.Next;
            waiters.Next = null;
            waiters.Release(closed);
            waiters = next;
        }
    }

    /// <summary>Takes a cancelled waiter off the waiting list; false when a release took it first (and completes it).</summary>
    public bool TryRemove(CapacityWaitEntry waiter)
    {
        lock (_lock)
        {
            ref CapacityWaitEntry? link = ref _waiting;
            while (link is not null)
            {
                if (link == waiter)
                {
                    link = waiter.Next;
                    waiter.Next = null;
                    return true;
                }

                link = ref link.Next;
            }

            return false;
        }
    }

    /// <summary>Takes back a waiter whose caller has its result.</summary>
    public void Return(CapacityWaiter waiter)
    {
        lock (_lock)
        {
            if (_freeCount == MaxPooled) return;
            waiter.Next = _free;
            _free = waiter;
            _freeCount++;
        }
    }
}
