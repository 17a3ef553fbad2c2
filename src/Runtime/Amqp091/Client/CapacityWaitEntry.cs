namespace TypedAmqp.Amqp091;

/// <summary>
/// Something on a <see cref="CapacityWaitQueue"/>'s waiting list: an awaited <see cref="CapacityWaiter"/>, or a
/// <see cref="DeferredPublish"/> that writes itself once there is room. Released at most once per time it is queued.
/// </summary>
internal abstract class CapacityWaitEntry
{
    /// <summary>The next entry in the queue's list; only touched under the queue's lock, or by whoever took the list off it. A field, so the queue can unlink through a reference to it.</summary>
    internal CapacityWaitEntry? Next;

    /// <summary>
    /// Called by whoever took this entry off the waiting list: there may be room again, or, with
    /// <paramref name="closed"/>, the connection or channel closed. Runs on the releasing thread (often the reader), so
    /// it must only hand the work on.
    /// </summary>
    public abstract void Release(Exception? closed);
}
