using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp091;

/// <summary>
/// Publisher confirms of one channel: numbers publishes in wire order, and completes each publish when the broker's
/// basic.ack or basic.nack covers it (singly or with the multiple flag). Up to <see cref="MaxPending"/> publishes may
/// be in flight; further ones wait for room (<see cref="TryQueueForRoom"/>, see <see cref="DeferredPublish"/>) before they are written.
/// </summary>
internal sealed class ConfirmTracker
{
    private readonly Lock _gate;
    private readonly Dictionary<ulong, ConfirmCompletion> _pending = new(256);
    private readonly Stack<ConfirmCompletion> _pool = new();
    private readonly WaiterQueue _roomWaiters; // under _gate, its lock
    private ulong _nextSequenceNumber = 1;
    private ulong _lowestPending = 1;
    private int _pendingCount; // _pending.Count, readable without the lock
    private int _maxPending;
    private bool _anyWaiting;
    private Exception? _closed;

    /// <param name="continuations">Where the continuation of an awaited confirm runs when it is free (see <see cref="ContinuationThread"/>).</param>
    public ConfirmTracker(ContinuationThread continuations)
    {
        _roomWaiters = new WaiterQueue();
        _gate = _roomWaiters.Sync;
        Continuations = continuations;
    }

    /// <summary>The connection's thread for continuations of awaited confirms.</summary>
    public ContinuationThread Continuations { get; }

    /// <summary>How many publishes may wait for their confirm at once; 0 for no limit.</summary>
    public int MaxPending
    {
        get => Volatile.Read(ref _maxPending);
        set
        {
            QueuedWait? released;
            lock (_gate)
            {
                _maxPending = value;
                released = TakeWaitersIfRoom();
            }

            WaiterQueue.ReleaseAll(released);
        }
    }

    /// <summary>How many publishes wait for their confirm.</summary>
    public int PendingCount => Volatile.Read(ref _pendingCount);

    /// <summary>Whether a publish may be written now; read without the lock, so a publish racing others may exceed the limit by a few.</summary>
    public bool HasRoom
    {
        get
        {
            int max = Volatile.Read(ref _maxPending);
            return max == 0 || Volatile.Read(ref _pendingCount) < max;
        }
    }

    /// <summary>
    /// Queues <paramref name="waiter"/> to be released when there may be room. False, with nothing queued, when there
    /// is room now, or with <paramref name="refused"/> the reason when the channel closed or
    /// <paramref name="cancellationToken"/> is cancelled. Checked under the lock a cancellation's withdrawal takes, so a
    /// cancellation either is seen here or finds the waiter queued; once queued, the waiter may run elsewhere at once.
    /// </summary>
    public bool TryQueueForRoom(QueuedWait waiter, CancellationToken cancellationToken, out Exception? refused)
    {
        lock (_gate)
        {
            refused = _closed ?? (cancellationToken.IsCancellationRequested ? new OperationCanceledException(cancellationToken) : null);
            if (refused is not null || _maxPending == 0 || _pending.Count < _maxPending) return false;
            _anyWaiting = true;
            _roomWaiters.AddLocked(waiter);
            return true;
        }
    }

    /// <summary>Takes a waiter from <see cref="TryQueueForRoom"/> off the list (it gave up); false when a release took it first.</summary>
    public bool TryCancelWait(QueuedWait waiter) => _roomWaiters.Withdraw(waiter);

    /// <summary>Under the lock, after publishes left <see cref="_pending"/>: the waiters to wake, if there is room now.</summary>
    private QueuedWait? TakeWaitersIfRoom()
    {
        _pendingCount = _pending.Count;
        if (!_anyWaiting || (_maxPending != 0 && _pending.Count >= _maxPending)) return null;
        _anyWaiting = false;
        return _roomWaiters.TakeAllLocked();
    }

    /// <summary>The number the next publish will get.</summary>
    public ulong NextSequenceNumber
    {
        get
        {
            lock (_gate) return _nextSequenceNumber;
        }
    }

    /// <summary>
    /// Numbers the next publish. Must be called while the connection writer's lock is held, so that numbers follow
    /// the order in which publish frames reach the socket. <paramref name="returnKey"/> is the publish's generated
    /// message id when a basic.return is to be matched by it.
    /// </summary>
    public ConfirmCompletion Register(CancellationToken cancellationToken, IConfirmObserver? observer = null, Guid? returnKey = null)
    {
        lock (_gate)
        {
            if (_closed is not null) throw _closed;
            ConfirmCompletion completion = _pool.Count > 0 ? _pool.Pop() : new ConfirmCompletion(this);
            ulong sequenceNumber = _nextSequenceNumber++;
            _pending.Add(sequenceNumber, completion);
            _pendingCount = _pending.Count;
            completion.Arm(sequenceNumber, cancellationToken, observer, returnKey);
            return completion;
        }
    }

    /// <summary>
    /// Gives back a number that was registered but whose frames could not be written (the caller gets the exception
    /// instead, so the completion is dropped, not awaited). Called under the writer's lock, so it is still the newest number.
    /// </summary>
    public void Unregister(ConfirmCompletion completion)
    {
        QueuedWait? released;
        lock (_gate)
        {
            _pending.Remove(completion.SequenceNumber);
            if (completion.SequenceNumber == _nextSequenceNumber - 1) _nextSequenceNumber--;
            released = TakeWaitersIfRoom();
        }

        WaiterQueue.ReleaseAll(released);
        completion.Abandon();
    }

    public void Acknowledge(ulong deliveryTag, bool multiple, bool positive)
    {
        if (multiple)
        {
            while (true)
            {
                ConfirmCompletion? completion;
                QueuedWait? released;
                lock (_gate)
                {
                    // No publish above the last number handed out exists: a multiple ack for a higher tag (a broken
                    // broker's) must not have this loop count towards it, up to 2^64 times on the read loop.
                    ulong upTo = Math.Min(deliveryTag, _nextSequenceNumber - 1);
                    while (_lowestPending <= upTo && !_pending.ContainsKey(_lowestPending)) _lowestPending++;
                    if (_lowestPending > upTo) return;
                    _pending.Remove(_lowestPending, out completion);
                    _lowestPending++;
                    released = TakeWaitersIfRoom();
                }

                WaiterQueue.ReleaseAll(released);
                Complete(completion!, positive);
            }
        }

        ConfirmCompletion? single;
        QueuedWait? woken;
        lock (_gate)
        {
            if (!_pending.Remove(deliveryTag, out single)) return;
            if (deliveryTag == _lowestPending) _lowestPending++;
            woken = TakeWaitersIfRoom();
        }

        WaiterQueue.ReleaseAll(woken);
        Complete(single, positive);
    }

    /// <summary>Fails one publish (a basic.return) before its basic.ack arrives; the later ack then finds nothing.</summary>
    public void Fail(ulong sequenceNumber, Exception reason)
    {
        ConfirmCompletion? completion;
        QueuedWait? released;
        lock (_gate)
        {
            if (!_pending.Remove(sequenceNumber, out completion)) return;
            released = TakeWaitersIfRoom();
        }

        WaiterQueue.ReleaseAll(released);
        completion.TrySetException(reason);
    }

    /// <summary>
    /// Finds the pending publish whose generated message id is <paramref name="returnKey"/> (a basic.return of it), for
    /// <see cref="Fail"/>. Returns are rare, so this looks through the publishes in flight rather than keeping an index.
    /// </summary>
    public bool TryFindReturned(Guid returnKey, out ulong sequenceNumber)
    {
        lock (_gate)
        {
            foreach (ConfirmCompletion completion in _pending.Values)
            {
                if (completion.ReturnKey == returnKey)
                {
                    sequenceNumber = completion.SequenceNumber;
                    return true;
                }
            }
        }

        sequenceNumber = 0;
        return false;
    }

    /// <summary>Removes a publish whose waiter gave up (cancellation); returns false if its outcome already arrived.</summary>
    public bool Forget(ulong sequenceNumber, ConfirmCompletion completion)
    {
        QueuedWait? released;
        lock (_gate)
        {
            if (!_pending.TryGetValue(sequenceNumber, out ConfirmCompletion? current) || !ReferenceEquals(current, completion)) return false;
            _pending.Remove(sequenceNumber);
            released = TakeWaitersIfRoom();
        }

        WaiterQueue.ReleaseAll(released);
        return true;
    }

    public void Recycle(ConfirmCompletion completion)
    {
        lock (_gate)
        {
            if (_pool.Count < 1024) _pool.Push(completion);
        }
    }

    /// <summary>Fails every pending publish (the channel closed) and refuses new ones.</summary>
    public void FailAll(Exception reason)
    {
        List<ConfirmCompletion> failed;
        QueuedWait? waiting;
        lock (_gate)
        {
            _closed ??= reason;
            failed = [.. _pending.Values];
            _pending.Clear();
            _pendingCount = 0;
            _anyWaiting = false;
            waiting = _roomWaiters.TakeAllLocked();
        }

        WaiterQueue.ReleaseAll(waiting, reason);
        foreach (ConfirmCompletion completion in failed)
        {
            completion.TrySetException(reason);
        }
    }

    private static void Complete(ConfirmCompletion completion, bool positive)
    {
        if (positive)
        {
            completion.TrySetResult();
        }
        else
        {
            completion.TrySetException(new PublishException(completion.SequenceNumber, returned: false, 0, "the broker could not take responsibility for the message"));
        }
    }
}
