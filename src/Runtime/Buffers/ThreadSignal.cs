namespace TypedAmqp.Buffers;

/// <summary>
/// An auto-reset signal for one dedicated thread: <see cref="Set"/> wakes it, or is remembered until the next
/// <see cref="Wait()"/>. Several sets before a wait collapse into one, and a set while one is pending takes no lock.
/// </summary>
internal sealed class ThreadSignal
{
    private readonly object _gate = new();
    private volatile bool _set;
    private bool _waiting;

    public void Set()
    {
        if (_set) return;
        lock (_gate)
        {
            _set = true;
            if (_waiting) Monitor.Pulse(_gate);
        }
    }

    public void Wait()
    {
        lock (_gate)
        {
            while (!_set)
            {
                _waiting = true;
                Monitor.Wait(_gate);
                _waiting = false;
            }

            _set = false;
        }
    }

    /// <summary>Waits at most <paramref name="timeout"/>; false when it ran out without a set (which stays remembered if it comes later).</summary>
    public bool Wait(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (!_set)
            {
                _waiting = true;
                Monitor.Wait(_gate, timeout);
                _waiting = false;
            }

            if (!_set) return false;
            _set = false;
            return true;
        }
    }
}
