using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// What a host runs on over AMQP 1.0 (RabbitMQ 4): one <see cref="Amqp10Messaging"/> connection behind the
/// <see cref="IMessagingTransport"/> surface. It does not recover: when the connection is lost, <see cref="Status"/>
/// says so for good, every subscription stops (its <see cref="IRecoveringSubscription.LastError"/> says why) and
/// publishes fail with an <see cref="Amqp10ClosedException"/>; restarting the host is the way back.
/// </summary>
/// <remarks>
/// A wrapper rather than more surface on <see cref="Amqp10Messaging"/>, because a transport exists before it connects
/// (the host makes it, then connects it with a retry budget) while an <see cref="Amqp10Messaging"/> is always connected.
/// </remarks>
public sealed partial class Amqp10MessagingTransport : IMessagingTransport
{
    private static readonly RecoveryOptions s_connectBackoff = new();
    private readonly Amqp10MessagingOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<Amqp10Subscription> _subscriptions = [];
    private readonly List<DeclaredTopology> _declared = [];
    private volatile Amqp10Messaging? _messaging; // set once, read by health checks on other threads
    private bool _closing;

    /// <summary>A transport that will connect with <paramref name="options"/>; nothing is sent before <see cref="ConnectAsync"/>.</summary>
    public Amqp10MessagingTransport(Amqp10MessagingOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The connected messaging, or null before <see cref="ConnectAsync"/> has succeeded.</summary>
    public Amqp10Messaging? Messaging => _messaging;

    private string Endpoint => $"{_options.Host}:{_options.Port}";

    /// <summary>
    /// Open until the connection closes; after that never again (no recovery): <see cref="TransportStatus.CloseReason"/>
    /// carries the failure, and says that the connection is not re-established.
    /// </summary>
    public TransportStatus Status
    {
        get
        {
            if (_messaging is not { } messaging) return new TransportStatus(false, false, false, null, null);
            if (!messaging.Connection.Closed.IsCompleted) return new TransportStatus(true, true, false, Endpoint, null);
            string reason = messaging.Connection.Failure is { } failure
                ? $"{failure.Message} AMQP 1.0 connections are not recovered; restart the host to reconnect"
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
                return;
            }
            catch (Amqp10ClosedException unreachable) when (unreachable.Scope == "connection" && unreachable.Error is null && !cancellationToken.IsCancellationRequested)
            {
                TimeSpan delay = ReconnectBackoff.Before(attempt + 1, s_connectBackoff);
                if (DateTime.UtcNow + delay >= retryUntil) throw;
                LogConnectRetry(_logger, Endpoint, delay.TotalSeconds, unreachable.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Starts a receiver on the queue <paramref name="queue"/> refers to: a name, or the key of a server-named queue
    /// declared through this transport (named by this side over AMQP 1.0). The subscription is never restarted.
    /// </summary>
    public async ValueTask<IRecoveringSubscription> SubscribeAsync(
        string queue, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        Amqp10Messaging messaging = Current();
        string name;
        lock (_gate) name = _declared.FirstOrDefault(declared => declared.Contains(queue))?.QueueName(queue) ?? DeclaredTopology.None.QueueName(queue);
        Amqp10Subscription subscription = await Amqp10Subscription.StartAsync(messaging, name, prefetch, concurrency, handler, cancellationToken).ConfigureAwait(false);
        lock (_gate) _subscriptions.Add(subscription);
        return subscription;
    }

    /// <inheritdoc />
    public ValueTask PublishAsync<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, CancellationToken cancellationToken) =>
        Current().PublishAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, descriptor, message, options, cancellationToken);

    /// <inheritdoc />
    public ValueTask RepublishAsync(string exchange, string routingKey, ReceivedMessage received, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken) =>
        Current().RepublishAsync(exchange, routingKey, received, extraHeaders, cancellationToken);

    /// <inheritdoc />
    public ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken) =>
        Current().RequestAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, options, cancellationToken);

    /// <inheritdoc />
    public ValueTask ReplyAsync<TResponse>(
        string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, CancellationToken cancellationToken) =>
        Current().ReplyAsync(replyTo, correlationId, descriptor, response, error, cancellationToken);

    /// <summary>Declares (or verifies) a topology, keeping the names it gave server-named queues for <see cref="SubscribeAsync"/>.</summary>
    public async ValueTask<DeclaredTopology> DeclareAsync(TopologyDescription topology, TopologyMode mode = TopologyMode.Declare, CancellationToken cancellationToken = default)
    {
        DeclaredTopology declared = await Current().DeclareAsync(topology, mode, cancellationToken).ConfigureAwait(false);
        lock (_gate) _declared.Add(declared);
        return declared;
    }

    /// <summary>
    /// Stops gracefully: every subscription cancelled with its running handlers allowed to finish (the broker takes
    /// back what they left unsettled), up to <paramref name="cancellationToken"/>; then the connection is closed.
    /// Publishes still waiting for their outcome then fail.
    /// </summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        Amqp10Subscription[] subscriptions;
        lock (_gate)
        {
            if (_closing) return;
            _closing = true;
            subscriptions = [.. _subscriptions];
        }

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
        }
    }

    /// <summary>Closes the connection at once, if it was opened.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate) _closing = true;
        if (_messaging is { } messaging) await messaging.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The connected messaging; before the first connect, or once closed or lost, a clear exception instead.</summary>
    private Amqp10Messaging Current()
    {
        if (_messaging is not { } messaging) throw new InvalidOperationException("This AMQP 1.0 transport is not connected yet: call ConnectAsync first.");
        if (messaging.Connection.Closed.IsCompleted)
        {
            throw messaging.Connection.Failure is { } failure
                ? new Amqp10ClosedException("connection", $"to {Endpoint} was lost and AMQP 1.0 connections are not recovered; restart the host to reconnect", innerException: failure)
                : new Amqp10ClosedException("connection", $"to {Endpoint} was closed by the application");
        }

        return messaging;
    }

    [LoggerMessage(300, LogLevel.Warning, "AMQP 1.0 broker {Endpoint} unreachable, retrying in {DelaySeconds:0.0}s: {Reason}")]
    private static partial void LogConnectRetry(ILogger logger, string endpoint, double delaySeconds, string reason);
}
