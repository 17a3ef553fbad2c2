namespace TypedAmqp.Amqp10;

/// <summary>
/// What sending and receiving links share: the name and handles, attaching (the peer's attach answers ours; a peer
/// that refuses answers with no source or target and detaches at once with its error), detaching, failure.
/// </summary>
internal abstract class Amqp10Link
{
    private readonly TaskCompletionSource<Amqp10Attach> _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _detached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _detachSent;

    protected Amqp10Link(Amqp10Session session, string name, uint handle)
    {
        Session = session;
        Name = name;
        Handle = handle;
    }

    public Amqp10Session Session { get; }

    public string Name { get; }

    /// <summary>The handle this side uses for the link.</summary>
    public uint Handle { get; }

    /// <summary>The peer's handle for the link, once its attach arrived.</summary>
    public uint? RemoteHandle { get; internal set; }

    /// <summary>The peer's attach (its source, target, settle modes, max message size).</summary>
    public Amqp10Attach RemoteAttach { get; private set; } = null!;

    /// <summary>This side's attach, as sent.</summary>
    public Amqp10Attach LocalAttach { get; private set; } = null!;

    /// <summary>Whether this side sent its detach (under the lock): nothing more may be sent for the link.</summary>
    protected bool DetachSent => _detachSent;

    /// <summary>Why the link stopped (set under the lock).</summary>
    protected Exception? Failure { get; private set; }

    /// <summary>Why the link stopped, null while it runs (or after the application detached it).</summary>
    internal Exception? StoppedBy
    {
        get
        {
            lock (Sync) return Failure;
        }
    }

    protected object Sync => Session.Connection.Sync;

    internal async Task AttachAsync(Amqp10Attach attach, CancellationToken cancellationToken)
    {
        LocalAttach = attach;
        await Session.Connection.WriteAsync(Session.Channel, attach, cancellationToken).ConfigureAwait(false);
        RemoteAttach = await _attached.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies the peer's attach, under the lock; a refusal (no terminus) waits for the detach that follows.</summary>
    internal Amqp10Reply OnAttach(Amqp10Attach attach)
    {
        bool refused = this is Amqp10SenderLink ? attach.Target is null : attach.Source is null;
        if (refused) return default;
        Amqp10Reply reply = Attached(attach, LocalAttach);
        _attached.TrySetResult(attach);
        return reply;
    }

    /// <summary>Applies a flow the peer sent about this link, under the lock; returns the link's answer, if any (a sender's to a drain).</summary>
    internal abstract Amqp10Flow? OnFlow(Amqp10Flow flow);

    /// <summary>What the link does once attached (a receiver grants credit); called under the lock with the peer's attach and this side's.</summary>
    protected virtual Amqp10Reply Attached(Amqp10Attach attach, Amqp10Attach ours) => default;

    /// <summary>
    /// Stops the link with <paramref name="failure"/> and returns the detach (closing, with <paramref name="error"/>) to
    /// send; the read loop writes it. Called under the lock; the peer's detach that answers it is then expected.
    /// </summary>
    protected Amqp10Detach DetachWithError(Amqp10Error error, Exception failure)
    {
        _detachSent = true;
        Fail(failure);
        return new Amqp10Detach { Handle = Handle, Closed = true, Error = error };
    }

    /// <summary>Applies the peer's detach, under the lock; true when it answers this side's detach.</summary>
    internal bool OnDetach(Amqp10Detach detach)
    {
        bool ours = _detachSent;
        Exception reason = new Amqp10ClosedException("link", ours ? $"link '{Name}' was detached" : $"the peer detached link '{Name}'", detach.Error);
        Fail(reason);
        _detached.TrySetResult();
        return ours;
    }

    /// <summary>
    /// Detaches the link and waits for the peer's detach: closing it (<paramref name="closed"/>, the default), or
    /// leaving it to be resumed by a later attach of the same name (a durable subscription).
    /// </summary>
    public async Task DetachAsync(CancellationToken cancellationToken = default, bool closed = true)
    {
        lock (Sync)
        {
            if (_detachSent || Failure is not null) return;
            _detachSent = true;
        }

        // Sends waiting for credit on this link find it detached; the detach goes out whatever the token says (it is
        // recorded as sent), and the token stops the wait for the peer's answer.
        Session.WakeSendersWaitingForCredit();
        await Session.Connection.WriteAsync(Session.Channel, new Amqp10Detach { Handle = Handle, Closed = closed }, CancellationToken.None).ConfigureAwait(false);
        await _detached.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        Session.Remove(this);
    }

    /// <summary>Whether the link stopped (failed, or detached by either side), so a user of it should attach a new one.</summary>
    internal bool IsStopped
    {
        get
        {
            lock (Sync) return Failure is not null || _detachSent || Session.IsStopped;
        }
    }

    /// <summary>Throws why the link stopped; call under the lock.</summary>
    internal void ThrowIfStopped()
    {
        if (Failure is not null) throw Failure is Amqp10ClosedException { Scope: "link" } closed ? closed : new Amqp10ClosedException("link", $"link '{Name}' stopped", innerException: Failure);
        if (_detachSent) throw new Amqp10ClosedException("link", $"link '{Name}' was detached by the application");
        Session.ThrowIfStopped();
    }

    /// <summary>Stops the link and everything waiting on it; the first reason wins.</summary>
    internal void Fail(Exception failure)
    {
        lock (Sync)
        {
            if (Failure is not null) return;
            Failure = failure;
        }

        Amqp10Completions.Fail(_attached, failure);
        _detached.TrySetResult();
        Stopped(failure);
    }

    /// <summary>Releases what waits on the link (receivers waiting for deliveries).</summary>
    protected virtual void Stopped(Exception failure)
    {
    }

    /// <summary>
    /// Detaches the link and ends its session, for the public client's senders and receivers, which own one session
    /// each. A connection or session that stopped first leaves nothing to close.
    /// </summary>
    internal async ValueTask CloseWithSessionAsync(CancellationToken cancellationToken, bool closed = true)
    {
        try
        {
            await DetachAsync(cancellationToken, closed).ConfigureAwait(false);
            await Session.EndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Amqp10ClosedException)
        {
            // The connection or session stopped first: there is nothing left to close.
        }
    }

    /// <summary>Closes like <see cref="CloseWithSessionAsync"/>, waiting at most the connection's close timeout for the peer; after that the link is left to the connection's close.</summary>
    internal async ValueTask CloseWithSessionWithinAsync(bool closed = true)
    {
        using var timeout = new CancellationTokenSource(Session.Connection.CloseTimeout);
        try
        {
            await CloseWithSessionAsync(timeout.Token, closed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The peer did not answer in time.
        }
    }
}
