using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A host's subscription over a recovering <see cref="Amqp10MessagingTransport"/>: one <see cref="Amqp10Subscription"/>
/// per connection, started again on each new connection by the transport's recovery loop. It stops for good when the
/// application cancels it, or when the broker ends it while the connection stays up (its queue was deleted, say).
/// </summary>
internal sealed class Amqp10RecoveringSubscription : IRecoveringSubscription
{
    private readonly Func<Amqp10Messaging, CancellationToken, Task<Amqp10Subscription>> _start;
    private readonly TaskCompletionSource<ConsumerStopReason> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Amqp10Subscription _current;
    private Exception? _lastError;
    private bool _recovering;
    private bool _cancelled;
    private readonly bool _recovers;

    /// <param name="first">The subscription on the connection of the moment.</param>
    /// <param name="start">Starts it again on a recovered connection.</param>
    /// <param name="recovers">Whether the transport recovers; without, a lost connection stops the subscription for good.</param>
    public Amqp10RecoveringSubscription(Amqp10Subscription first, Func<Amqp10Messaging, CancellationToken, Task<Amqp10Subscription>> start, bool recovers)
    {
        _current = first;
        _start = start;
        _recovers = recovers;
        Watch(first);
    }

    /// <summary>The queue of the current connection's subscription (a server-named queue may be named anew on each).</summary>
    public string Queue
    {
        get
        {
            lock (_gate) return _current.Queue;
        }
    }

    public Task<ConsumerStopReason> Stopped => _stopped.Task;

    public SubscriptionState State
    {
        get
        {
            lock (_gate)
            {
                if (_stopped.Task.IsCompleted) return SubscriptionState.Stopped;
                // Between its link stopping with the connection and the watch marking it, it is recovering already.
                return _recovering || (_recovers && !_cancelled && _current.Messaging.Connection.IsStopped) ? SubscriptionState.Recovering : _current.State;
            }
        }
    }

    public Exception? LastError
    {
        get
        {
            lock (_gate) return _lastError ?? _current.LastError;
        }
    }

    /// <summary>The connection was lost: the subscription waits for the next one.</summary>
    public void ConnectionLost(Exception reason)
    {
        lock (_gate)
        {
            if (_stopped.Task.IsCompleted) return;
            _recovering = true;
            _lastError = reason;
        }
    }

    /// <summary>Starts the subscription on <paramref name="messaging"/>, the recovered connection; false when it is stopped for good.</summary>
    public async Task<bool> RestartAsync(Amqp10Messaging messaging, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_cancelled || _stopped.Task.IsCompleted) return false;
        }

        Amqp10Subscription next = await _start(messaging, cancellationToken).ConfigureAwait(false);
        bool cancelled;
        lock (_gate)
        {
            cancelled = _cancelled;
            if (!cancelled)
            {
                _current = next;
                _recovering = false;
                _lastError = null;
            }
        }

        if (cancelled)
        {
            // Cancelled while it was being started: stopped in the background, so the recovery loop goes on at once.
            _ = next.CancelAsync(CancellationToken.None).AsTask().ContinueWith(
                static stop => _ = stop.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return false;
        }

        Watch(next);
        return true;
    }

    /// <summary>Stops for good: recovery is off or gave up, or the transport closed.</summary>
    public void StopForGood(ConsumerStopReason reason, Exception? error)
    {
        lock (_gate) _lastError = error ?? _lastError;
        _stopped.TrySetResult(reason);
    }

    /// <summary>Starting it again was refused (or too slow) on a connection that is up: it stays recovering, with why.</summary>
    public void Refused(Exception error)
    {
        lock (_gate)
        {
            _recovering = true;
            _lastError = error;
        }
    }

    /// <summary>Whether its current subscription runs on <paramref name="messaging"/> already.</summary>
    public bool RunsOn(Amqp10Messaging messaging)
    {
        lock (_gate) return ReferenceEquals(_current.Messaging, messaging) && !_recovering;
    }

    /// <summary>
    /// When a connection's subscription ends: a loss of its connection waits for the recovery loop; anything else (the
    /// application cancelled, the broker ended it with the connection up) is the end.
    /// </summary>
    private void Watch(Amqp10Subscription subscription) =>
        _ = subscription.Stopped.ContinueWith(
            stopped =>
            {
                bool lostWithConnection = subscription.Messaging.Connection.IsStopped;
                lock (_gate)
                {
                    if (!ReferenceEquals(_current, subscription)) return;
                    if (_recovers && lostWithConnection && !_cancelled)
                    {
                        _recovering = true;
                        return;
                    }
                }

                _stopped.TrySetResult(stopped.Result);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    public async ValueTask CancelAsync(CancellationToken cancellationToken = default)
    {
        Amqp10Subscription current;
        lock (_gate)
        {
            _cancelled = true;
            current = _current;
        }

        try
        {
            await current.CancelAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _stopped.TrySetResult(ConsumerStopReason.CancelledByClient);
        }
    }

    public ValueTask DisposeAsync() => CancelAsync(CancellationToken.None);
}
