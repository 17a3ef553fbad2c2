namespace TypedAmqp.Buffers;

/// <summary>
/// Something in a <see cref="WaiterQueue"/>: an awaited <see cref="PooledWaiter"/>, or an owner that carries on by
/// itself once released (the AMQP 0-9-1 client's deferred publish). Released at most once per time it is queued.
/// </summary>
internal abstract class QueuedWait
{
    /// <summary>A <see cref="Generation"/> no queue has: in none.</summary>
    internal const long NotQueued = -1;

    /// <summary>The queue's links, under its lock (the next spare, while a spare).</summary>
    internal QueuedWait? Next;

    internal QueuedWait? Previous;

    /// <summary>The queue's generation when this was queued; in the queue only while that is the queue's (under its lock).</summary>
    internal long Generation = NotQueued;

    /// <summary>
    /// Called by whoever took this out of the queue, outside its lock: the wait is over, or, with
    /// <paramref name="error"/>, failed (the owner closed). Runs on the releasing thread (often a read loop), so it
    /// only hands the work on.
    /// </summary>
    public abstract void Release(Exception? error);
}
