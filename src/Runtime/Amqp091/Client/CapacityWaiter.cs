using System.Threading.Tasks.Sources;

namespace TypedAmqp.Amqp091;

/// <summary>
/// One caller's wait for room (in the writer's pending batch, or among a channel's unconfirmed publishes): a reusable value-task source
/// that goes back to its <see cref="CapacityWaitQueue"/> once the caller has its result, so back-pressure allocates
/// nothing per wait. Completed exactly once per use, by whoever takes it off the queue: a release (the writer swapped
/// its batch out, or the connection closed) or the caller's cancellation.
/// </summary>
internal sealed class CapacityWaiter : CapacityWaitEntry, IValueTaskSource
{
    private readonly CapacityWaitQueue _queue;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;

    public CapacityWaiter(CapacityWaitQueue queue)
    {
        _queue = queue;
    }

    /// <summary>Starts a wait that is already on the queue's waiting list; cancellation takes it off again.</summary>
    public ValueTask Start(CancellationToken cancellationToken)
    {
        short version = _core.Version;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((CapacityWaiter)state!).OnCanceled(token), this);
        }

        return new ValueTask(this, version);
    }

    /// <summary>
    /// Completes the wait: there may be room again, or, with <paramref name="closed"/>, the connection or channel closed.
    /// </summary>
    public override void Release(Exception? closed)
    {
        if (closed is null) _core.SetResult(true);
        else _core.SetException(closed);
    }

    private void OnCanceled(CancellationToken cancellationToken)
    {
        if (_queue.TryRemove(this)) _core.SetException(new OperationCanceledException(cancellationToken));
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        // Room comes when what was written is confirmed or sent: what this thread holds must leave first.
        OutgoingBatch.SendBeforeWaiting();
        _core.OnCompleted(continuation, state, token, flags);
    }

    public void GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            // Waits for a cancellation callback that is still running; it has completed this wait, so it ends soon.
            _cancellation.Dispose();
            _cancellation = default;
            _core.Reset();
            _queue.Return(this);
        }
    }
}
