namespace TypedAmqp.Client;

/// <summary>
/// Publisher confirms of one channel: numbers publishes in wire order, and completes each publish when the broker's
/// basic.ack or basic.nack covers it (singly or with the multiple flag). Many publishes may be in flight.
/// </summary>
internal sealed class ConfirmTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, ConfirmCompletion> _pending = new(256);
    private readonly Stack<ConfirmCompletion> _pool = new();
    private ulong _nextSequenceNumber = 1;
    private ulong _lowestPending = 1;
    private Exception? _closed;

    /// <param name="continuations">Where the continuation of an awaited confirm runs when it is free (see <see cref="ContinuationThread"/>).</param>
    public ConfirmTracker(ContinuationThread continuations)
    {
        Continuations = continuations;
    }

    /// <summary>The connection's thread for continuations of awaited confirms.</summary>
    public ContinuationThread Continuations { get; }

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
        lock (_gate)
        {
            _pending.Remove(completion.SequenceNumber);
            if (completion.SequenceNumber == _nextSequenceNumber - 1) _nextSequenceNumber--;
        }

        completion.Abandon();
    }

    public void Acknowledge(ulong deliveryTag, bool multiple, bool positive)
    {
        if (multiple)
        {
            while (true)
            {
                ConfirmCompletion? completion;
                lock (_gate)
                {
                    // No publish above the last number handed out exists: a multiple ack for a higher tag (a broken
                    // broker's) must not have this loop count towards it, up to 2^64 times on the read loop.
                    ulong upTo = Math.Min(deliveryTag, _nextSequenceNumber - 1);
                    while (_lowestPending <= upTo && !_pending.ContainsKey(_lowestPending)) _lowestPending++;
                    if (_lowestPending > upTo) return;
                    _pending.Remove(_lowestPending, out completion);
                    _lowestPending++;
                }

                Complete(completion!, positive);
            }
        }

        ConfirmCompletion? single;
        lock (_gate)
        {
            if (!_pending.Remove(deliveryTag, out single)) return;
            if (deliveryTag == _lowestPending) _lowestPending++;
        }

        Complete(single, positive);
    }

    /// <summary>Fails one publish (a basic.return) before its basic.ack arrives; the later ack then finds nothing.</summary>
    public void Fail(ulong sequenceNumber, Exception reason)
    {
        ConfirmCompletion? completion;
        lock (_gate)
        {
            if (!_pending.Remove(sequenceNumber, out completion)) return;
        }

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
        lock (_gate)
        {
            if (_pending.TryGetValue(sequenceNumber, out ConfirmCompletion? current) && ReferenceEquals(current, completion))
            {
                _pending.Remove(sequenceNumber);
                return true;
            }

            return false;
        }
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
        lock (_gate)
        {
            _closed ??= reason;
            failed = [.. _pending.Values];
            _pending.Clear();
        }

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
