using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedAmqp.Messaging;
using TypedAmqp.Observability;

namespace TypedAmqp.Amqp091;

/// <summary>
/// The messaging surface over a connection that is re-established when lost. It records the topology declared through
/// it and the consumers started through it; after a loss it reconnects (trying the endpoints again, the first attempt
/// at once, then with jittered exponential back-off), declares the recorded topology again — a server-named queue gets
/// a new name, and its bindings and consumers follow —, and starts every consumer again with its settings, retrying any
/// that fails on its own (see <see cref="RecoveringSubscription.State"/>). Publishes made while the connection is down
/// wait for the new one; a publish lost unconfirmed fails with <see cref="PublishOutcomeUnknownException"/> or is sent
/// again (<see cref="RecoveryOptions.ResendUnconfirmedPublishes"/>).
/// </summary>
/// <remarks>
/// Recovery runs on the thread pool: one recovery task per outage, and one task per consumer that waits for its
/// consumer to stop and starts it again. <see cref="RecoveryEvent"/> is raised from those tasks.
/// With <see cref="Recovery"/> null nothing is recovered, and this behaves like <see cref="AmqpMessaging"/> on one connection.
/// </remarks>
public sealed partial class RecoveringMessaging : IMessagingTransport, IMessageSubscriber
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<(TopologyDescription Topology, TopologyMode Mode)> _topologies = []; // guarded by _gate
    private List<DeclaredTopology> _declared = []; // guarded by _gate: what the current connection's declarations returned
    private readonly List<RecoveringSubscription> _subscriptions = []; // guarded by _gate
    private readonly CancellationTokenSource _stopping = new();

    // The newest transport, and the same once its topology is declared (null while recovering). The signal completes
    // (and is replaced) whenever the publishable transport changes or disposal begins; it only ever succeeds, since a
    // faulted signal nobody waited on would be an unobserved task exception.
    private volatile AmqpMessaging? _messaging;
    private volatile AmqpMessaging? _publishable;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile RecoveryOptions? _recovery;
    private volatile AmqpConnectionOptions _connectionOptions;
    private Task _recoveryTask = Task.CompletedTask;
    private volatile MessagingState _state = MessagingState.NotConnected;
    private int _closing;

    /// <summary>Creates the messaging; nothing connects until <see cref="ConnectAsync"/>.</summary>
    /// <param name="connectionOptions">Where and how to connect (endpoints included), read again at every reconnection.</param>
    /// <param name="recovery">How to recover; null to not recover at all.</param>
    /// <param name="loggerFactory">Where the connection, consumers and recovery log.</param>
    public RecoveringMessaging(AmqpConnectionOptions connectionOptions, RecoveryOptions? recovery = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(connectionOptions);
        ThrowIfInvalid(recovery);
        _connectionOptions = connectionOptions;
        _recovery = recovery;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("TypedAmqp.Recovery");
        OpenConnection = (options, cancellationToken) => AmqpConnection.ConnectAsync(options, _loggerFactory.CreateLogger("TypedAmqp.Connection"), cancellationToken);
    }

    /// <summary>Opens each connection; tests serve it from memory instead.</summary>
    internal Func<AmqpConnectionOptions, CancellationToken, ValueTask<AmqpConnection>> OpenConnection { get; init; }

    /// <summary>The connection settings; a change applies from the next connection.</summary>
    public AmqpConnectionOptions ConnectionOptions
    {
        get => _connectionOptions;
        set => _connectionOptions = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The recovery settings, or null for none; a change applies from the next step that reads them.</summary>
    public RecoveryOptions? Recovery
    {
        get => _recovery;
        set
        {
            ThrowIfInvalid(value);
            _recovery = value;
        }
    }

    /// <summary>Whether typed publishes wait for the broker's confirm (see <see cref="AmqpMessaging.PublisherConfirms"/>). Set before connecting.</summary>
    public bool PublisherConfirms { get; init; } = true;

    /// <summary>Whether generated handlers run on the reader thread (see <see cref="AmqpMessaging.RunHandlersOnReaderThread"/>). Set before connecting.</summary>
    public bool RunHandlersOnReaderThread { get; init; } = true;

    /// <summary>Where the connection stands.</summary>
    public MessagingState State => _state;

    /// <summary>The newest connection (open, or lost and being recovered), or null before the first.</summary>
    public AmqpConnection? Connection => _messaging?.Connection;

    /// <inheritdoc />
    public TransportStatus Status => Connection is { } connection
        ? new TransportStatus(HasConnected: true, connection.IsOpen, connection.IsBlocked, connection.Endpoint.ToString(), connection.IsOpen ? null : connection.CloseReason?.ToString())
        : new TransportStatus(HasConnected: false, IsOpen: false, IsBlocked: false, Endpoint: null, CloseReason: null);

    /// <summary>The consumers started through this messaging and not stopped.</summary>
    public IReadOnlyList<RecoveringSubscription> Subscriptions
    {
        get
        {
            lock (_gate) return [.. _subscriptions];
        }
    }

    /// <summary>Publishes still waiting for the broker's confirm on the current connection.</summary>
    public int PendingConfirms => _messaging?.PendingConfirms ?? 0;

    /// <summary>
    /// Each step of recovery: the loss, every attempt and its failure, the recovery, and each consumer's failures and
    /// return. Raised on a thread-pool thread; an exception from a handler is logged and otherwise ignored.
    /// </summary>
    public event EventHandler<RecoveryEventArgs>? RecoveryEvent;

    internal bool IsStopping => _stopping.IsCancellationRequested;

    internal ILogger Logger => _logger;

    /// <summary>
    /// Connects for the first time. While no endpoint can be reached (refused, unreachable, timed out) it keeps trying
    /// on the back-off schedule for up to <paramref name="retryFor"/> (zero: one attempt), then throws the last failure.
    /// Refused credentials and other definite refusals throw at once.
    /// </summary>
    public async ValueTask ConnectAsync(TimeSpan retryFor = default, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsStopping, this);
        if (_messaging is not null) throw new InvalidOperationException("This messaging is connected already; it reconnects by itself.");
        DateTime retryUntil = DateTime.UtcNow + retryFor;
        for (int attempt = 1; ; attempt++)
        {
            AmqpConnectionOptions options = ConnectionOptions;
            try
            {
                AmqpConnection connection = await OpenConnection(options, cancellationToken).ConfigureAwait(false);
                Publish(CreateTransport(connection), declared: []);
                return;
            }
            catch (Exception ex) when (IsUnreachable(ex))
            {
                TimeSpan delay = RecoveryOrDefaults.DelayBefore(attempt + 1);
                if (DateTime.UtcNow + delay >= retryUntil) throw;
                Log.ConnectRetry(_logger, options.ToString(), delay.TotalSeconds, ex.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static readonly RecoveryOptions s_defaults = new();

    /// <summary>The recovery settings, or the defaults' back-off and timeouts when recovery is off (for the first connect).</summary>
    internal RecoveryOptions RecoveryOrDefaults => Recovery ?? s_defaults;

    private static bool IsUnreachable(Exception ex) =>
        ex is System.Net.Sockets.SocketException or TimeoutException or IOException or AmqpEndpointsUnreachableException;

    /// <summary>
    /// Declares (or verifies) <paramref name="topology"/> on the current connection and records it, to declare it again
    /// on every recovered connection (in the order first declared). Returns the broker's queue names, which change for
    /// server-named queues with every connection: consumers started here find the current ones by themselves.
    /// </summary>
    public async ValueTask<DeclaredTopology> DeclareAsync(TopologyDescription topology, TopologyMode mode = TopologyMode.Declare, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topology);
        AmqpMessaging messaging = Current();
        DeclaredTopology declared = await messaging.DeclareAsync(topology, mode, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _topologies.Add((topology, mode));
            if (_messaging == messaging) _declared.Add(declared);
        }

        return declared;
    }

    /// <summary>
    /// The broker's current name of the queue <paramref name="reference"/> refers to (a server-named queue's key, or a
    /// queue's name), from the topology declared on the current connection.
    /// </summary>
    public string QueueName(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        lock (_gate)
        {
            foreach (DeclaredTopology declared in _declared)
            {
                if (declared.Contains(reference)) return declared.QueueName(reference);
            }
        }

        return DeclaredTopology.None.QueueName(reference);
    }

    /// <summary>
    /// Starts consuming the queue <paramref name="queue"/> refers to (a name, or a server-named queue's key) and keeps it
    /// consumed across recoveries. The first start's failure is thrown; later ones are retried and reported.
    /// </summary>
    public async ValueTask<RecoveringSubscription> SubscribeAsync(
        string queue, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new RecoveringSubscription(this, queue, prefetch, Math.Max(1, concurrency), handler);
        await subscription.StartAsync(Current(), cancellationToken).ConfigureAwait(false);
        lock (_gate) _subscriptions.Add(subscription);
        return subscription;
    }

    async ValueTask<IRecoveringSubscription> IMessagingTransport.SubscribeAsync(
        string queue, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken) =>
        await SubscribeAsync(queue, prefetch, concurrency, handler, cancellationToken).ConfigureAwait(false);

    async ValueTask<IMessageSubscription> IMessageSubscriber.SubscribeAsync(
        string queue, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken) =>
        await SubscribeAsync(queue, prefetch, concurrency, handler, cancellationToken).ConfigureAwait(false);

    internal void Forget(RecoveringSubscription subscription)
    {
        lock (_gate) _subscriptions.Remove(subscription);
    }

    /// <summary>Waits until every publish made through the current connection has been confirmed (or failed).</summary>
    public ValueTask WaitForConfirmsAsync(CancellationToken cancellationToken = default) =>
        _messaging is { } messaging ? messaging.WaitForConfirmsAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <summary>
    /// Stops gracefully: no more recovery (publishes waiting for one fail), every consumer cancelled with its running
    /// handlers allowed to finish, publishes awaiting confirms allowed to get them — both up to
    /// <paramref name="cancellationToken"/>, after which what is left is abandoned (the broker requeues unsettled
    /// deliveries; unconfirmed publishes fail) — and the connection closed.
    /// </summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _state = MessagingState.Closed;
        SignalChanged();
        await _recoveryTask.ConfigureAwait(false);
        foreach (RecoveringSubscription subscription in Subscriptions)
        {
            try
            {
                await subscription.CancelAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Log.SubscriptionStopTimedOut(_logger, subscription.QueueReference);
            }
        }

        if (_messaging is not { } messaging) return;
        try
        {
            await messaging.WaitForConfirmsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log.ConfirmsAbandoned(_logger, messaging.PendingConfirms);
        }

        await messaging.DisposeAsync().ConfigureAwait(false);
        await messaging.Connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes (see <see cref="CloseAsync"/>), giving running handlers and awaited confirms up to 5 s; call
    /// <see cref="CloseAsync"/> to choose the bound.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        using var bounded = new CancellationTokenSource(DisposeTimeout);
        await CloseAsync(bounded.Token).ConfigureAwait(false);
    }

    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The newest transport; throws before the first connection and after closing.</summary>
    private AmqpMessaging Current()
    {
        ObjectDisposedException.ThrowIf(IsStopping, this);
        return _messaging ?? throw new InvalidOperationException("Not connected yet: call ConnectAsync first (a host connects when it starts).");
    }

    private AmqpMessaging CreateTransport(AmqpConnection connection) =>
        new(connection, _loggerFactory.CreateLogger("TypedAmqp.Messaging"))
        {
            PublisherConfirms = PublisherConfirms,
            RunHandlersOnReaderThread = RunHandlersOnReaderThread,
        };

    /// <summary>Makes <paramref name="messaging"/> the one to publish and consume through, and watches its connection.</summary>
    private void Publish(AmqpMessaging messaging, List<DeclaredTopology> declared)
    {
        lock (_gate)
        {
            _messaging = messaging;
            _declared = declared;
            _publishable = messaging;
            _state = MessagingState.Connected;
        }

        SignalChanged();
        _ = messaging.Connection.Completion.ContinueWith(
            closed => OnConnectionClosed(messaging, closed.Result), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void SignalChanged() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private void OnConnectionClosed(AmqpMessaging lost, CloseReason reason)
    {
        if (IsStopping || _messaging != lost) return;
        if (reason.Initiator == CloseInitiator.Application || Recovery is null)
        {
            _state = MessagingState.Closed;
            SignalChanged();
            return;
        }

        lock (_gate)
        {
            _publishable = null;
            _state = MessagingState.Recovering;
        }

        Log.ConnectionLost(_logger, reason.ToString());
        Raise(new RecoveryEventArgs(RecoveryEventKind.ConnectionLost, 0, TimeSpan.Zero, reason, null, null));
        _recoveryTask = Task.Run(RecoverAsync);
    }

    /// <summary>Reconnects until it succeeds or this messaging closes; one run per outage, on the thread pool.</summary>
    private async Task RecoverAsync()
    {
        DateTime lostAt = DateTime.UtcNow;
        for (int attempt = 1; !IsStopping; attempt++)
        {
            RecoveryOptions recovery = RecoveryOrDefaults;
            TimeSpan delay = recovery.DelayBefore(attempt);
            Raise(new RecoveryEventArgs(RecoveryEventKind.Attempt, attempt, delay, null, null, null));
            AmqpConnection? connection = null;
            try
            {
                if (delay > TimeSpan.Zero) await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                connection = await OpenConnection(ConnectionOptions, _stopping.Token).ConfigureAwait(false);
                AmqpMessaging messaging = CreateTransport(connection);
                List<DeclaredTopology> declared = await DeclareRecordedAsync(messaging, recovery.StepTimeout).ConfigureAwait(false);
                Publish(messaging, declared);
                Log.Recovered(_logger, attempt, (DateTime.UtcNow - lostAt).TotalMilliseconds);
                Raise(new RecoveryEventArgs(RecoveryEventKind.Recovered, attempt, TimeSpan.Zero, null, null, null));
                return;
            }
            catch (OperationCanceledException) when (IsStopping)
            {
                if (connection is not null) await connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception ex)
            {
                if (connection is not null) await connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
                Log.RecoveryAttemptFailed(_logger, attempt, ex.Message);
                Raise(new RecoveryEventArgs(RecoveryEventKind.AttemptFailed, attempt, TimeSpan.Zero, null, ex, null));
            }
        }
    }

    /// <summary>Declares every recorded topology again, each within <paramref name="timeout"/>.</summary>
    private async Task<List<DeclaredTopology>> DeclareRecordedAsync(AmqpMessaging messaging, TimeSpan timeout)
    {
        (TopologyDescription Topology, TopologyMode Mode)[] recorded;
        lock (_gate) recorded = [.. _topologies];
        var declared = new List<DeclaredTopology>(recorded.Length);
        foreach ((TopologyDescription topology, TopologyMode mode) in recorded)
        {
            using var step = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            step.CancelAfter(timeout);
            try
            {
                declared.Add(await messaging.DeclareAsync(topology, mode, step.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!IsStopping)
            {
                throw new TimeoutException($"Declaring the recorded topology again was not answered within {timeout.TotalSeconds:0.#} s.");
            }
        }

        return declared;
    }

    /// <summary>
    /// The transport to publish through once its topology is declared and its connection open; null while down.
    /// </summary>
    internal AmqpMessaging? OpenPublishable() => _publishable is { Connection.IsOpen: true } open ? open : null;

    /// <summary>
    /// Waits until a transport other than <paramref name="failed"/> is connected with its topology declared, for up to
    /// <paramref name="timeout"/> (infinite: until closing).
    /// </summary>
    /// <exception cref="TimeoutException">No recovery within <paramref name="timeout"/>.</exception>
    /// <exception cref="ObjectDisposedException">This messaging is closing or closed.</exception>
    internal async ValueTask<AmqpMessaging> WaitForRecoveryAsync(AmqpMessaging? failed, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        while (true)
        {
            // Read the signal before the transport: a recovery in between completes the signal we hold.
            Task changed = Volatile.Read(ref _changed).Task;
            if (OpenPublishable() is { } current && current != failed) return current;
            ObjectDisposedException.ThrowIf(IsStopping, this);
            if (_state == MessagingState.Closed) throw new AmqpConnectionClosedException(Connection?.CloseReason ?? new CloseReason(0, "not connected", 0, 0, CloseInitiator.Application));

            TimeSpan remaining = deadline == DateTime.MaxValue ? Timeout.InfiniteTimeSpan : deadline - DateTime.UtcNow;
            if (remaining != Timeout.InfiniteTimeSpan && remaining <= TimeSpan.Zero) throw NotRecoveredWithin(timeout);
            try
            {
                await changed.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw NotRecoveredWithin(timeout);
            }
        }
    }

    private static TimeoutException NotRecoveredWithin(TimeSpan timeout) =>
        new($"The connection was not recovered within {timeout.TotalSeconds:0.#} s.");

    internal void Raise(RecoveryEventArgs recoveryEvent)
    {
        TypedAmqpTelemetry.RecoveryEvents.Add(1, new KeyValuePair<string, object?>(MessagingAttributes.RecoveryEvent, recoveryEvent.Kind switch
        {
            RecoveryEventKind.ConnectionLost => "connection_lost",
            RecoveryEventKind.Attempt => "attempt",
            RecoveryEventKind.AttemptFailed => "attempt_failed",
            RecoveryEventKind.Recovered => "recovered",
            RecoveryEventKind.SubscriptionFailed => "subscription_failed",
            _ => "subscription_recovered",
        }));
        try
        {
            RecoveryEvent?.Invoke(this, recoveryEvent);
        }
        catch (Exception ex)
        {
            Log.RecoveryEventHandlerFailed(_logger, recoveryEvent.Kind.ToString(), ex);
        }
    }

    private static void ThrowIfInvalid(RecoveryOptions? recovery)
    {
        if (recovery?.Problems() is { Count: > 0 } problems) throw new ArgumentException("Invalid recovery options: " + string.Join(" ", problems), nameof(recovery));
    }
}
