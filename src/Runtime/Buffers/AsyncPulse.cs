namespace TypedAmqp.Buffers;

/// <summary>
/// Something async code waits to happen again (a peer's flow, say): a wait <see cref="Register"/>ed before a
/// <see cref="Pulse"/> ends at it, and the waiter then looks at what changed. The waits are pooled, so waiting allocates
/// nothing once warm (a task completion source replaced at every pulse allocates two objects a pulse). Waiters resume
/// on the thread pool, never inside <see cref="Pulse"/>.
/// </summary>
internal sealed class AsyncPulse
{
    private readonly WaiterQueue _waiters = new();

    /// <summary>
    /// A wait for the next pulse, to await (once) with <see cref="PooledWaiter.WaitAsync"/>. Register under the lock
    /// that guards what the pulse announces, and pulse after changing it under that lock: a pulse then never falls
    /// between the decision to wait and the wait.
    /// </summary>
    public PooledWaiter Register()
    {
        lock (_waiters.Sync) return _waiters.AddLocked();
    }

    /// <summary>
    /// Gives back a registered wait that will not be awaited after all (what it was for had happened by the time the
    /// registrar looked). A wait a pulse took first is left to the garbage collector: its release may still be running.
    /// </summary>
    public void Unregister(PooledWaiter wait)
    {
        if (_waiters.Withdraw(wait)) _waiters.Recycle(wait);
    }

    /// <summary>Ends every wait registered before it.</summary>
    public void Pulse()
    {
        QueuedWait? waiting;
        lock (_waiters.Sync) waiting = _waiters.TakeAllLocked();
        WaiterQueue.ReleaseAll(waiting);
    }
}
