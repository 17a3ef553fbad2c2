using System.Threading.Tasks.Sources;

namespace TypedAmqp.Buffers;

/// <summary>
/// One awaited wait in a <see cref="WaiterQueue"/>, awaited once, then back in its queue's spares: waiting allocates
/// nothing once as many have waited at once before. It resumes its awaiter on the thread pool, never inside the call
/// that released it.
/// </summary>
internal sealed class PooledWaiter : QueuedWait, IValueTaskSource, IThreadPoolWorkItem
{
    private readonly WaiterQueue _queue;
    private HandOffCompletionCore<bool> _core;
    private CancellationTokenRegistration _cancellation;

    public PooledWaiter(WaiterQueue queue)
    {
        _queue = queue;
    }

    /// <summary>The wait to await; a cancelled token takes the waiter out of the queue and ends the wait with an <see cref="OperationCanceledException"/>.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var wait = new ValueTask(this, _core.Version);

        // Registered outside the queue's lock: a token cancelled meanwhile runs the callback here, and it takes the lock.
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((PooledWaiter)state!).Cancelled(token), this);
        }

        return wait;
    }

    /// <summary>Ends the wait, with <paramref name="error"/> when not null; called once the queue has let the waiter go.</summary>
    public override void Release(Exception? error) => _core.Complete(true, error, this);

    private void Cancelled(CancellationToken token)
    {
        if (_queue.Withdraw(this)) _core.Complete(false, new OperationCanceledException(token), this);
    }

    void IThreadPoolWorkItem.Execute() => _core.CompleteHandedOff();

    public void GetResult(short token)
    {
        // A stale token, or a read before completion, throws without recycling: the waiter may be in use again.
        if (token != _core.Version || _core.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            _core.GetResult(token);
            return;
        }

        try
        {
            _core.GetResult(token);
        }
        finally
        {
            // Waits for a cancellation callback still running; it found the waiter released, so it ends at once.
            _cancellation.Dispose();
            _cancellation = default;
            _core.Reset();
            _queue.Recycle(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
