using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// What a host runs on over AMQP 1.0 (RabbitMQ 4): an <see cref="Amqp10Messaging"/> connection behind the
/// <see cref="IMessagingTransport"/> surface. With <see cref="Amqp10MessagingOptions.Recovery"/> set, a lost connection
/// is made again with the back-off, the topologies declared through the transport are declared again and every
/// subscription is started again; publishes made meanwhile wait for it (up to
/// <see cref="RecoveryOptions.PublishWait"/>). Without, <see cref="Status"/> says the connection is gone for good, every
/// subscription stops (its <see cref="IRecoveringSubscription.LastError"/> says why) and publishes fail.
/// </summary>
/// <remarks>
/// A publish in flight when the connection goes fails with it (<see cref="Amqp10OutcomeUnknownException"/> when it was
/// written), unless <see cref="RecoveryOptions.ResendUnconfirmedPublishes"/> sends it again once recovered. Threads: the recovery loop runs on the thread pool, one step at a time.
/// </remarks>
public sealed partial class Amqp10MessagingTransport : IMessagingTransport
{
    private static readonly RecoveryOptions s_connectBackoff = new();
    private readonly Amqp10MessagingOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<Amqp10RecoveringSubscription> _subscriptions = [];
    private readonly List<RecordedTopology> _declared = [];
    private readonly CancellationTokenSource _closingToken = new();
    private volatile Amqp10Messaging? _messaging; // the current connection, read by health checks on other threads
    private TaskCompletionSource? _recovered; // while recovering: completes once recovered (under the gate)
    private volatile string? _lostReason; // why the current connection was lost, while recovering
    private Task _recovery = Task.CompletedTask;
    private volatile Exception? _recoveryFailed; // why the recovery loop stopped, when a defect stopped it
    private bool _closing;

    /// <summary>A transport that will connect with <paramref name="options"/>; nothing is sent before <see cref="ConnectAsync"/>.</summary>
    public Amqp10MessagingTransport(Amqp10MessagingOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Recovery?.Problems() is { Count: > 0 } problems) throw new ArgumentException($"Recovery: {string.Join(" ", problems)}", nameof(options));
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The connected messaging (the current connection), or null before <see cref="ConnectAsync"/> has succeeded.</summary>
    public Amqp10Messaging? Messaging => _messaging;

    /// <summary>The endpoint of the current (or last) connection; before the first, the configured host and port.</summary>
    private string Endpoint => _messaging?.Endpoint ?? new AmqpEndpoint(_options.Host, _options.Port).ToString();

    /// <summary>
    /// Open while connected; while recovering, not open, with the loss as <see cref="TransportStatus.CloseReason"/>;
    /// without recovery, closed for good once the connection is lost.
    /// </summary>
    public TransportStatus Status
    {
        get
        {
            if (_messaging is not { } messaging) return new TransportStatus(false, false, false, null, null);
            if (!messaging.Connection.IsStopped) return new TransportStatus(true, true, false, Endpoint, null);
            if (_recoveryFailed is { } failed) return new TransportStatus(true, false, false, Endpoint, $"recovery stopped: {failed.Message}");
            lock (_gate)
            {
                if (_recovered is not null && !_closing) return new TransportStatus(true, false, false, Endpoint, $"{_lostReason} Reconnecting");
            }

            string reason = messaging.Connection.Failure is { } failure
                ? _options.Recovery is null ? $"{failure.Message} Recovery is off; restart the host to reconnect" : failure.Message
                : "closed by the application";
            return new TransportStatus(true, false, false, Endpoint, reason);
        }
    }

    /// <summary>
    /// Connects, retrying an unreachable broker (socket failures, handshake timeouts) for up to
    /// <paramref name="retryFor"/> with the default back-off; a refusal such as wrong credentials throws at once.
    /// </summary>
    public async ValueTask ConnectAsync(TimeSpan retryFor, CancellationToken cancellationToken)
    {
        if (_messaging is not null) throw new InvalidOperationException("This AMQP 1.0 transport is connected already; it connects once.");
        DateTime retryUntil = DateTime.UtcNow + retryFor;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                _messaging = await Amqp10Messaging.ConnectAsync(_options, _logger, cancellationToken).ConfigureAwait(false);
                if (_options.Recovery is { } recovery) _recovery = Task.Run(() => RecoverAsync(recovery));
                return;
            }
            catch (AmqpException unreachable) when (Amqp10Messaging.IsUnreachable(unreachable) && !cancellationToken.IsCancellationRequested)
            {
                TimeSpan delay = s_connectBackoff.DelayBefore(attempt + 1);
                if (DateTime.UtcNow + delay >= retryUntil) throw;
                LogConnectRetry(_logger, Endpoint, delay.TotalSeconds, unreachable.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Starts a receiver on the queue <paramref name="queue"/> refers to: a name, or the key of a server-named queue
    /// declared through this transport (named by this side over AMQP 1.0). With recovery, it is started again on every
    /// new connection.
    /// </summary>
    public async ValueTask<IRecoveringSubscription> SubscribeAsync(
        string queue, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        Amqp10Messaging messaging = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        Task<Amqp10Subscription> Start(Amqp10Messaging on, CancellationToken token) =>
            Amqp10Subscription.StartAsync(on, QueueName(queue), prefetch, concurrency, handler, token);

        Amqp10Subscription first = await Start(messaging, cancellationToken).ConfigureAwait(false);
        var subscription = new Amqp10RecoveringSubscription(first, Start, recovers: _options.Recovery is not null);
        bool closing;
        lock (_gate)
        {
            closing = _closing;
            if (!closing) _subscriptions.Add(subscription);
        }

        if (closing)
        {
            await subscription.CancelAsync(CancellationToken.None).ConfigureAwait(false);
            throw new Amqp10ClosedException("connection", $"to {Endpoint} was closed by the application while the subscription to '{queue}' started");
        }

        // Stopped for good (cancelled, ended by the broker, given up): nothing is left to restart.
        _ = subscription.Stopped.ContinueWith(
            _ =>
            {
                lock (_gate) _subscriptions.Remove(subscription);
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return subscription;
    }

    /// <inheritdoc />
    public ValueTask PublishAsync<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, CancellationToken cancellationToken)
    {
        if (Resends) return PublishResendingAsync(CopyOf(exchangeUtf8, routingKeyUtf8), descriptor, message, options, cancellationToken);

        // Connected, the publish goes straight on (no state machine); while recovering, it waits for the connection first.
        return Open() is { } messaging
            ? messaging.PublishAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, descriptor, message, options, cancellationToken)
            : PublishAfterRecoveryAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, descriptor, message, options, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask PublishAsync<TMessage>(MessageAddress address, MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions? options, CancellationToken cancellationToken)
    {
        // Refused now, not once a lost connection is back.
        address.ThrowIfNone(nameof(address));
        if (Resends) return PublishResendingAsync(address, descriptor, message, options, cancellationToken);
        return Open() is { } messaging
            ? messaging.PublishAsync(address, descriptor, message, options, cancellationToken)
            : PublishAfterRecoveryAsync(address, descriptor, message, options, cancellationToken);
    }

    /// <summary>Whether a typed publish lost with the connection is sent again on the recovered one (<see cref="RecoveryOptions.ResendUnconfirmedPublishes"/>).</summary>
    private bool Resends => _options is { Recovery.ResendUnconfirmedPublishes: true, PublisherConfirms: true };

    private static MessageAddress CopyOf(ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8) =>
        MessageAddress.Exchange(Encoding.UTF8.GetString(exchangeUtf8.Span), Encoding.UTF8.GetString(routingKeyUtf8.Span));

    /// <summary>
    /// Publishes, and when the connection is lost before the outcome (or before sending), publishes again with the same
    /// message id on the recovered connection: at least once, so a consumer may see it twice. Each wait for recovery is
    /// bounded by <see cref="RecoveryOptions.PublishWait"/>; a refusal with the connection up is not retried.
    /// </summary>
    private async ValueTask PublishResendingAsync<TMessage>(MessageAddress address, MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions? options, CancellationToken cancellationToken)
    {
        Guid messageId = options?.MessageId is null ? MessageIds.Next() : default;
        while (true)
        {
            Amqp10Messaging messaging = await CurrentAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await messaging.PublishAsync(address, descriptor, message, options, messageId, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Amqp10ClosedException lost) when (messaging.Connection.IsStopped && !cancellationToken.IsCancellationRequested)
            {
                LogPublishResent(_logger, address.ToString(), lost.Message);
            }
        }
    }

    private async ValueTask PublishAfterRecoveryAsync<TMessage>(MessageAddress address, MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions? options, CancellationToken cancellationToken) =>
        await (await CurrentAsync(cancellationToken).ConfigureAwait(false)).PublishAsync(address, descriptor, message, options, cancellationToken).ConfigureAwait(false);

    private async ValueTask PublishAfterRecoveryAsync<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, CancellationToken cancellationToken) =>
        await (await CurrentAsync(cancellationToken).ConfigureAwait(false))
            .PublishAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, descriptor, message, options, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask RepublishAsync(string exchange, string routingKey, ReceivedMessage received, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken) =>
        Open() is { } messaging
            ? messaging.RepublishAsync(exchange, routingKey, received, extraHeaders, cancellationToken)
            : RepublishAfterRecoveryAsync(exchange, routingKey, received, extraHeaders, cancellationToken);

    private async ValueTask RepublishAfterRecoveryAsync(string exchange, string routingKey, ReceivedMessage received, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken) =>
        await (await CurrentAsync(cancellationToken).ConfigureAwait(false)).RepublishAsync(exchange, routingKey, received, extraHeaders, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken) =>
        Open() is { } messaging
            ? messaging.RequestAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, options, cancellationToken)
            : RequestAfterRecoveryAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, options, cancellationToken);

    private async ValueTask<TResponse> RequestAfterRecoveryAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken) =>
        await (await CurrentAsync(cancellationToken).ConfigureAwait(false))
            .RequestAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, options, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask ReplyAsync<TResponse>(
        string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, CancellationToken cancellationToken) =>
        await (await CurrentAsync(cancellationToken).ConfigureAwait(false)).ReplyAsync(replyTo, correlationId, descriptor, response, error, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Declares (or verifies) a topology, keeping the names it gave server-named queues for <see cref="SubscribeAsync"/>;
    /// with recovery, it is declared again on every new connection.
    /// </summary>
    public async ValueTask<DeclaredTopology> DeclareAsync(TopologyDescription topology, TopologyMode mode = TopologyMode.Declare, CancellationToken cancellationToken = default)
    {
        DeclaredTopology declared = await (await CurrentAsync(cancellationToken).ConfigureAwait(false)).DeclareAsync(topology, mode, cancellationToken).ConfigureAwait(false);
        lock (_gate) _declared.Add(new RecordedTopology(topology, mode) { Declared = declared });
        return declared;
    }

    /// <summary>
    /// Stops gracefully: recovery ends, every subscription is cancelled with its running handlers allowed to finish (the
    /// broker takes back what they left unsettled), up to <paramref name="cancellationToken"/>; then the connection is
    /// closed. Publishes still waiting for their outcome, or for recovery, then fail.
    /// </summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        Amqp10RecoveringSubscription[] subscriptions;
        lock (_gate)
        {
            if (_closing) return;
            subscriptions = [.. _subscriptions];
        }

        await StopRecoveringAsync().ConfigureAwait(false);
        if (_messaging is not { } messaging) return;
        try
        {
            await Task.WhenAll(subscriptions.Select(subscription => subscription.CancelAsync(cancellationToken).AsTask())).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of time: closing the connection below abandons the handlers still running.
        }
        finally
        {
            await messaging.CloseAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _recovery.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                StopSubscriptions();
            }
        }
    }

    /// <summary>Closes the connection at once, if it was opened, and ends recovery.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopRecoveringAsync().ConfigureAwait(false);
        if (_messaging is { } messaging) await messaging.DisposeAsync().ConfigureAwait(false);
        await _recovery.ConfigureAwait(false);
        StopSubscriptions();
    }

    /// <summary>Once closed: any subscription still not stopped (lost with the connection, or still recovering) stops for good.</summary>
    private void StopSubscriptions()
    {
        Amqp10RecoveringSubscription[] subscriptions;
        lock (_gate) subscriptions = [.. _subscriptions];
        foreach (Amqp10RecoveringSubscription subscription in subscriptions) subscription.StopForGood(ConsumerStopReason.ChannelClosed, null);
    }

    /// <summary>Marks the transport closing, stops the recovery loop's waits and fails whoever waits for recovery.</summary>
    private async Task StopRecoveringAsync()
    {
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            _closing = true;
            waiting = _recovered;
        }

        await _closingToken.CancelAsync().ConfigureAwait(false);
        if (waiting is not null) Amqp10Completions.Fail(waiting, new Amqp10ClosedException("connection", $"to {Endpoint} is closed by the application"));
    }

    /// <summary>The current messaging when its connection is up, else null (lost, recovering, closed or not yet connected).</summary>
    private Amqp10Messaging? Open() => _messaging is { } messaging && !messaging.Connection.IsStopped ? messaging : null;

    /// <summary>
    /// The current messaging; while recovering, the recovered one once recovery is done, waiting up to
    /// <see cref="RecoveryOptions.PublishWait"/>; before the first connect, or once closed or lost for good, a clear
    /// exception instead.
    /// </summary>
    private ValueTask<Amqp10Messaging> CurrentAsync(CancellationToken cancellationToken)
    {
        if (Open() is { } messaging) return new ValueTask<Amqp10Messaging>(messaging);
        return WaitForRecoveryAsync(cancellationToken);
    }

    private async ValueTask<Amqp10Messaging> WaitForRecoveryAsync(CancellationToken cancellationToken)
    {
        if (_messaging is not { } lost) throw new InvalidOperationException("This AMQP 1.0 transport is not connected yet: call ConnectAsync first.");
        Task recovered;
        TimeSpan wait;
        lock (_gate)
        {
            if (_closing) throw new Amqp10ClosedException("connection", $"to {Endpoint} was closed by the application");
            if (Open() is { } recoveredMeanwhile) return recoveredMeanwhile; // recovered between the caller's check and this lock
            if (_recoveryFailed is { } failed) throw new Amqp10ClosedException("connection", $"to {Endpoint} was lost and recovery stopped", innerException: failed);
            wait = _options.Recovery?.PublishWait ?? TimeSpan.Zero;
            if (wait == TimeSpan.Zero)
            {
                throw lost.Connection.Failure is { } failure
                    ? new Amqp10ClosedException("connection", $"to {Endpoint} was lost{(_options.Recovery is null ? " and recovery is off; restart the host to reconnect" : " and is being recovered")}", innerException: failure)
                    : new Amqp10ClosedException("connection", $"to {Endpoint} was closed by the application");
            }

            _recovered ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            recovered = _recovered.Task;
        }

        try
        {
            await recovered.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new Amqp10ClosedException("connection", $"to {Endpoint} was lost and not recovered within {wait}", innerException: lost.Connection.Failure ?? e);
        }

        return Open() ?? await WaitForRecoveryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The broker's name of a queue: a server-named queue's latest name, or the name itself.</summary>
    private string QueueName(string queue)
    {
        lock (_gate) return _declared.LastOrDefault(recorded => recorded.Declared.Contains(queue))?.Declared.QueueName(queue) ?? DeclaredTopology.None.QueueName(queue);
    }

    [LoggerMessage(308, LogLevel.Information, "AMQP 1.0 publish to {Destination} lost with the connection ({Reason}); sending it again once recovered")]
    private static partial void LogPublishResent(ILogger logger, string destination, string reason);

    [LoggerMessage(300, LogLevel.Warning, "AMQP 1.0 broker {Endpoint} unreachable, retrying in {DelaySeconds:0.0}s: {Reason}")]
    private static partial void LogConnectRetry(ILogger logger, string endpoint, double delaySeconds, string reason);
}
