using System.Threading.Tasks.Sources;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// The outcome of one unsettled delivery, awaited once: completed by its session (the peer's disposition, or the
/// session's failure) or by its waiter's token (a timeout or cancellation, which takes it out of the session first), and
/// back in its session's pool once read. An unsettled send allocates no task for its outcome.
/// </summary>
internal sealed class Amqp10PendingOutcome : IValueTaskSource<Amqp10DeliveryState?>, IThreadPoolWorkItem
{
    private readonly Amqp10Session _session;
    private HandOffCompletionCore<Amqp10DeliveryState?> _core; // completed by the read loop: the awaiter resumes on the pool
    private CancellationTokenRegistration _cancellation;
    private uint _deliveryId;
    private int _completed;
    private Amqp10SenderLink? _link;

    public Amqp10PendingOutcome(Amqp10Session session)
    {
        _session = session;
    }

    /// <summary>Prepares it for delivery <paramref name="deliveryId"/> on <paramref name="link"/>; called by the session under its lock.</summary>
    internal void Arm(uint deliveryId, Amqp10SenderLink link)
    {
        _deliveryId = deliveryId;
        _link = link;
        _completed = 0;
    }

    /// <summary>The link the delivery was sent on (under the session's lock, while unsettled).</summary>
    internal Amqp10SenderLink? Link => _link;

    /// <summary>The outcome to await, once.</summary>
    public ValueTask<Amqp10DeliveryState?> AsValueTask() => new(this, _core.Version);

    /// <summary>
    /// Ends the wait with an <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires
    /// first; the session then forgets the delivery, so a late disposition finds nothing. Call once, before awaiting.
    /// </summary>
    public void CancelWith(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled) return;
        _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((Amqp10PendingOutcome)state!).Cancelled(token), this);
    }

    private void Cancelled(CancellationToken token)
    {
        if (_session.Forget(_deliveryId, this)) TrySetException(new OperationCanceledException("Stopped waiting for the delivery's outcome; the peer may still take it.", token));
    }

    /// <summary>Completes with the peer's state; only the first completion counts.</summary>
    internal bool TrySetResult(Amqp10DeliveryState? state)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return false;
        _core.Complete(state, null, this);
        return true;
    }

    /// <summary>Fails the wait; only the first completion counts.</summary>
    internal bool TrySetException(Exception error)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return false;
        _core.Complete(null, error, this);
        return true;
    }

    public Amqp10DeliveryState? GetResult(short token)
    {
        // A misuse (a stale token, a read before completion) throws without recycling: the object may still be awaited
        // or held by the session, and recycling it would hand its outcome to another send.
        if (token != _core.Version || _core.GetStatus(token) == ValueTaskSourceStatus.Pending) return _core.GetResult(token);
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            // Waits for a cancellation callback still running; it found the delivery gone, so it ends at once.
            _cancellation.Dispose();
            _cancellation = default;
            _link = null;
            _core.Reset();
            _session.Recycle(this);
        }
    }

    void IThreadPoolWorkItem.Execute() => _core.CompleteHandedOff();

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
