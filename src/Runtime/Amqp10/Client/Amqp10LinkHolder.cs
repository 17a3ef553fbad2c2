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
    private readonly Func<Amqp10Connection, TLink, CancellationToken, Task<TLink>> _attach;
    private readonly bool _clientReconnects;
    private readonly bool _dynamic;
    private TLink _current;
    private TaskCompletionSource<TLink>? _next; // waited on while the link is lost (under the gate)
    private Exception? _failure; // why the holder stopped for good (under the gate)
    private bool _closeUnwanted = true; // how to end a link attached after the owner let go: closed, or detached to resume later

    /// <param name="first">The link attached when the sender or receiver was created.</param>
    /// <param name="attach">Attaches the same link again (same name, termini and options) on a new connection, in place of the lost one given.</param>
    /// <param name="clientReconnects">Whether the client reconnects at all.</param>
    /// <param name="dynamic">Whether the link has a dynamic node, which ends with it and so is never attached again.</param>
    public Amqp10LinkHolder(TLink first, Func<Amqp10Connection, TLink, CancellationToken, Task<TLink>> attach, bool clientReconnects, bool dynamic)
    {
        _current = first;
        _attach = attach;
        _clientReconnects = clientReconnects;
        _dynamic = dynamic;
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
    /// Whether <paramref name="link"/> stopped with its connection and the client reconnects: wait with
    /// <see cref="NextAsync"/> for the link attached next, which also tells why there will be none.
    /// </summary>
    public bool IsLostWithConnection(TLink link) => _clientReconnects && link.Session.Connection.IsStopped;

    /// <summary>
    /// The link that replaced <paramref name="lost"/>: at once when it is attached already, else once the client has
    /// reconnected and attached it. Throws why there will be none: a dynamic link, a refusal, the client gave up or
    /// was closed, or the owner was closed.
    /// </summary>
    public async ValueTask<TLink> NextAsync(TLink lost, CancellationToken cancellationToken)
    {
        Task<TLink> next;
        lock (_gate)
        {
            if (_dynamic) FailLocked(NotAttachedAgain(lost));
            if (_failure is not null) throw Rethrown(_failure);
            if (!ReferenceEquals(_current, lost)) return _current;
            _next ??= new TaskCompletionSource<TLink>(TaskCreationOptions.RunContinuationsAsynchronously);
            next = _next.Task;
        }

        return await next.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReattachAsync(Amqp10Connection connection, CancellationToken cancellationToken)
    {
        TLink lost;
        lock (_gate)
        {
            lost = _current;
            if (_failure is not null || ReferenceEquals(lost.Session.Connection, connection)) return;
            if (_dynamic)
            {
                FailLocked(NotAttachedAgain(lost));
                return;
            }

            // A link refused for good (its queue deleted, access taken away, a message over its limit) stays stopped
            // rather than coming back unasked; one ended for a passing reason (RabbitMQ 3.10 ends its sessions with
            // internal-error "shutdown" before it closes the connection) is attached again.
            if (lost.StoppedBy is Amqp10ClosedException { Scope: "link" or "session", Condition: { } condition } own && RefusedForGood.Contains(condition))
            {
                FailLocked(own);
                return;
            }
        }

        TLink link = await _attach(connection, lost, cancellationToken).ConfigureAwait(false);
        TaskCompletionSource<TLink>? waiting = null;
        bool wanted;
        bool close;
        lock (_gate)
        {
            wanted = _failure is null;
            close = _closeUnwanted;
            if (wanted)
            {
                _current = link;
                waiting = _next;
                _next = null;
            }
        }

        // Let go by its owner while it was being attached again: the new link is not wanted.
        if (!wanted) await link.CloseWithSessionWithinAsync(close).ConfigureAwait(false);
        waiting?.TrySetResult(link);
    }

    /// <inheritdoc />
    public void Fail(Exception reason, bool closeUnwanted = true)
    {
        lock (_gate)
        {
            if (_failure is null) _closeUnwanted = closeUnwanted;
            FailLocked(reason);
        }
    }

    private void FailLocked(Exception reason)
    {
        _failure ??= reason;
        if (_next is { } waiting) Amqp10Completions.Fail(waiting, _failure);
        _next = null;
    }

    /// <summary>The conditions of a link or session end that attaching the same link again would only meet again.</summary>
    private static readonly HashSet<string> RefusedForGood =
    [
        Amqp10Conditions.NotFound, Amqp10Conditions.ResourceDeleted, Amqp10Conditions.UnauthorizedAccess, Amqp10Conditions.NotAllowed,
        Amqp10Conditions.PreconditionFailed, Amqp10Conditions.InvalidField, Amqp10Conditions.NotImplemented, Amqp10Conditions.MessageSizeExceeded,
    ];

    private static Amqp10ClosedException NotAttachedAgain(TLink lost) =>
        new("link", $"link '{lost.Name}' was lost with its connection and is not attached again: a dynamic node ends with the link that created it");

    /// <summary>A fresh exception around the shared reason, so callers on several threads never rethrow one instance.</summary>
    private static Exception Rethrown(Exception reason) => reason is Amqp10ClosedException closed
        ? new Amqp10ClosedException(closed)
        : new Amqp10ClosedException("link", "it stopped", innerException: reason);
}
