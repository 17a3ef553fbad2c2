using System.Threading.Tasks.Sources;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp091;

/// <summary>
/// The awaitable outcome of one publish in confirm mode. Pooled by <see cref="ConfirmTracker"/>: it returns itself
/// to the pool once its result has been read, so awaiting a confirm allocates nothing. The awaiter's continuation
/// runs on the connection's <see cref="ContinuationThread"/> when that is free, else on the thread pool; never on the
/// reader thread that settles the confirm.
/// </summary>
internal sealed class ConfirmCompletion : IValueTaskSource, IThreadPoolWorkItem
{
    private readonly ConfirmTracker _owner;
    private HandOffCompletionCore<bool> _core;
    private CancellationTokenRegistration _cancellation;
    private int _completed;
    private IConfirmObserver? _observer;

    public ConfirmCompletion(ConfirmTracker owner)
    {
        _owner = owner;
    }

    public ulong SequenceNumber { get; private set; }

    /// <summary>
    /// The generated message id a basic.return of this publish carries, which then identifies it (see
    /// <see cref="ConfirmTracker.TryFindReturned"/>); null when the publish carries its sequence number in a header instead.
    /// </summary>
    public Guid? ReturnKey { get; private set; }

    public ValueTask AsValueTask() => new(this, _core.Version);

    /// <summary>
    /// Prepares the completion for one publish. With an <paramref name="observer"/>, the outcome goes to it, inline on
    /// the settling thread, instead of through <see cref="AsValueTask"/> (which must then not be used). It is attached
    /// here, before the publish is written, so no outcome can arrive ahead of it.
    /// </summary>
    public void Arm(ulong sequenceNumber, CancellationToken cancellationToken, IConfirmObserver? observer, Guid? returnKey)
    {
        SequenceNumber = sequenceNumber;
        ReturnKey = returnKey;
        _completed = 0;
        _observer = observer;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((ConfirmCompletion)state!).OnCancelled(token), this);
        }
    }

    /// <summary>Drops a completion whose publish was never sent: nobody will await it, so only its cancellation hook is released.</summary>
    public void Abandon()
    {
        Interlocked.Exchange(ref _completed, 1);
        _observer = null;
        _cancellation.Dispose();
        _cancellation = default;
    }

    /// <summary>Completes the publish; only the first outcome (ack, nack, cancellation, channel close) counts.</summary>
    public bool TrySetResult()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return false;
        if (TakeObserver() is { } observer) observer.OnConfirmOutcome(null);
        else _core.Complete(true, null, this, _owner.Continuations);
        return true;
    }

    /// <summary>Fails the publish; only the first outcome counts.</summary>
    public bool TrySetException(Exception exception)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return false;
        if (TakeObserver() is { } observer) observer.OnConfirmOutcome(exception);
        else _core.Complete(false, exception, this, _owner.Continuations);
        return true;
    }

    /// <summary>Claims the observer, if one is attached, and returns this completion to the pool: nobody will await it.</summary>
    private IConfirmObserver? TakeObserver()
    {
        IConfirmObserver? observer = Interlocked.Exchange(ref _observer, null);
        if (observer is null) return null;
        _cancellation.Dispose();
        _cancellation = default;
        _owner.Recycle(this);
        return observer;
    }

    private void OnCancelled(CancellationToken token)
    {
        if (_owner.Forget(SequenceNumber, this))
        {
            TrySetException(new OperationCanceledException("Stopped waiting for the publisher confirm; the message may still be delivered.", token));
        }
    }

    void IThreadPoolWorkItem.Execute() => _core.CompleteHandedOff();

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            _cancellation.Dispose();
            _cancellation = default;
            _core.Reset();
            _owner.Recycle(this);
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        OutgoingBatch.SendBeforeWaiting(); // what this thread holds may be the publish whose confirm it waits for
        _core.OnCompleted(continuation, state, token, flags);
    }
}
