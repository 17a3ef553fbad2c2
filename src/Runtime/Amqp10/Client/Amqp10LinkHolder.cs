namespace TypedAmqp.Amqp10;

/// <summary>
/// The link behind one sender or receiver of an <see cref="Amqp10Client"/>, across reconnects: the link in use now,
/// and, for a caller that found it lost with its connection, the link the client attaches on the next connection.
/// </summary>
/// <remarks>
/// The client's reconnect loop calls <see cref="ReattachAsync"/> and <see cref="Fail"/>; senders and receivers call
/// <see cref="IsLostWithConnection"/> and <see cref="NextAsync"/> on their callers' flows.
/// </remarks>
internal sealed class Amqp10LinkHolder<TLink> : IAmqp10LinkHolder
    where TLink : Amqp10Link
{
    private readonly object _gate = new();
    private readonly Func<Amqp10Connection, CancellationToken, Task<TLink>> _attach;
    private readonly bool _reattaches;
    private TLink _current;
    private TaskCompletionSource<TLink>? _next; // waited on while the link is lost (under the gate)
    private Exception? _failure; // why the holder stopped for good (under the gate)

    /// <param name="first">The link attached when the sender or receiver was created.</param>
    /// <param name="attach">Attaches the same link again (same name, termini and options) on a new connection.</param>
    /// <param name="reattaches">Whether a lost link is attached again: the client reconnects and the link is not dynamic.</param>
    public Amqp10LinkHolder(TLink first, Func<Amqp10Connection, CancellationToken, Task<TLink>> attach, bool reattaches)
    {
        _current = first;
        _attach = attach;
        _reattaches = reattaches;
    }

    /// <summary>The link in use: the latest attached, which may have stopped.</summary>
    public TLink Current
    {
        get
        {
            lock (_gate) return _current;
        }
    }

    /// <summary>
    /// Whether <paramref name="link"/> stopped with its connection and the client attaches links again: wait with
    /// <see cref="NextAsync"/> for the next, which also tells why there will be none (the client gave up or was closed).
    /// </summary>
    public bool IsLostWithConnection(TLink link) => _reattaches && link.Session.Connection.IsStopped;

    /// <summary>
    /// The link that replaced <paramref name="lost"/>: at once when it is attached already, else once the client has
    /// reconnected and attached it. Throws why the holder stopped when the client gave up or the owner was closed.
    /// </summary>
    public async ValueTask<TLink> NextAsync(TLink lost, CancellationToken cancellationToken)
    {
        Task<TLink> next;
        lock (_gate)
        {
            if (_failure is not null) throw _failure;
            if (!ReferenceEquals(_current, lost)) return _current;
            _next ??= new TaskCompletionSource<TLink>(TaskCreationOptions.RunContinuationsAsynchronously);
            next = _next.Task;
        }

        return await next.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReattachAsync(Amqp10Connection connection, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_failure is not null || ReferenceEquals(_current.Session.Connection, connection)) return;
            if (!_reattaches)
            {
                FailLocked(new Amqp10ClosedException("link", $"link '{_current.Name}' was lost with its connection and is not attached again: a dynamic node ends with the link that created it"));
                return;
            }
        }

        TLink link = await _attach(connection, cancellationToken).ConfigureAwait(false);
        TaskCompletionSource<TLink>? waiting = null;
        bool wanted;
        lock (_gate)
        {
            wanted = _failure is null;
            if (wanted)
            {
                _current = link;
                waiting = _next;
                _next = null;
            }
        }

        // Closed by its owner while it was being attached again: the new link is not wanted.
        if (!wanted) await link.CloseWithSessionWithinAsync().ConfigureAwait(false);
        waiting?.TrySetResult(link);
    }

    /// <inheritdoc />
    public void Fail(Exception reason)
    {
        lock (_gate) FailLocked(reason);
    }

    private void FailLocked(Exception reason)
    {
        _failure ??= reason;
        if (_next is { } waiting) Amqp10Completions.Fail(waiting, _failure);
        _next = null;
    }
}
