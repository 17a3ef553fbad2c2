using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedAmqp.Amqp10;
using TypedAmqp.Buffers;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// The AMQP 1.0 implementation of the messaging surface generated code uses, for RabbitMQ 4's native AMQP 1.0: typed
/// publishes go on one sender link whose messages each name their node in <c>to</c>
/// (<c>/exchanges/{exchange}/{routing-key}</c>), unsettled, completing when the broker accepts them (or settled, once
/// written, without <see cref="Amqp10MessagingOptions.PublisherConfirms"/>); each subscription is a
/// receiver link from <c>/queues/{name}</c> on a session of its own; topology goes through the broker's management node.
/// docs/amqp10.md ("Generated contracts over AMQP 1.0") has the property and settlement mappings and what is missing.
/// </summary>
public sealed partial class Amqp10Messaging : IMessagePublisher, IMessageSubscriber, ITopologyDeclarer, IAsyncDisposable
{
    private readonly SemaphoreSlim _linksGate = new(1, 1);
    private Amqp10Session? _publisherSession;
    private Amqp10SenderLink? _publisher;
    private Amqp10ManagementClient? _management;
    private readonly SemaphoreSlim? _unconfirmedPlaces; // null: no bound but the broker's credit
    private long _publishes;

    private Amqp10Messaging(Amqp10Connection connection, Amqp10MessagingOptions options, string host, int port, ILogger? logger)
    {
        Connection = connection;
        MaxMessageSize = options.MaxMessageSize;
        PublisherConfirms = options.PublisherConfirms;
        if (options.MaxUnconfirmedPublishes is > 0 and int limit) _unconfirmedPlaces = new SemaphoreSlim(limit, limit);
        ServerAddress = host;
        ServerPortTag = port;
        Logger = logger ?? NullLogger.Instance;
    }

    internal Amqp10Connection Connection { get; }

    /// <summary>The largest body this side publishes (<see cref="Amqp10MessagingOptions.MaxMessageSize"/>); null leaves it to the broker's limit.</summary>
    internal int? MaxMessageSize { get; }

    /// <summary>Whether typed publishes wait for the broker's outcome (<see cref="Amqp10MessagingOptions.PublisherConfirms"/>).</summary>
    internal bool PublisherConfirms { get; }

    /// <summary>The broker's host and port this connection went to ("host:port"), for messages and logs.</summary>
    internal string Endpoint => new AmqpEndpoint(ServerAddress, (int)ServerPortTag).ToString();

    /// <summary>The broker's host, for telemetry of received messages.</summary>
    internal string ServerAddress { get; }

    /// <summary>The broker's port, boxed once.</summary>
    internal object ServerPortTag { get; }

    /// <summary>Where failed handlers and refused replies are logged.</summary>
    public ILogger Logger { get; }

    /// <summary>
    /// Connects to a RabbitMQ 4 node over AMQP 1.0: to its one endpoint, or to the first of
    /// <see cref="Amqp10MessagingOptions.Endpoints"/> (or the resolver's) that accepts. Dispose the result to close the connection.
    /// </summary>
    /// <exception cref="Amqp10ClosedException">The one endpoint could not be reached, or the handshake timed out.</exception>
    /// <exception cref="AmqpEndpointsUnreachableException">Several endpoints were tried and none could be reached.</exception>
    /// <exception cref="AmqpAuthenticationException">The broker refused the credentials.</exception>
    public static async Task<Amqp10Messaging> ConnectAsync(Amqp10MessagingOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxMessageSize is <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.MaxMessageSize, "MaxMessageSize is positive, or null to leave the limit to the broker.");
        if (options.MaxUnconfirmedPublishes is < 0) throw new ArgumentOutOfRangeException(nameof(options), options.MaxUnconfirmedPublishes, "MaxUnconfirmedPublishes is positive, or 0 or null for no bound but the broker's credit.");
        IReadOnlyList<AmqpEndpoint> endpoints = await EndpointSelection.ToTryAsync(
            options.EndpointResolver, options.Endpoints, new AmqpEndpoint(options.Host, options.Port), options.EndpointOrder, cancellationToken).ConfigureAwait(false);
        if (endpoints.Count == 1) return await ConnectToAsync(options, endpoints[0], logger, cancellationToken).ConfigureAwait(false);

        var failures = new List<(AmqpEndpoint, Exception)>(endpoints.Count);
        foreach (AmqpEndpoint endpoint in endpoints)
        {
            try
            {
                return await ConnectToAsync(options, endpoint, logger, cancellationToken).ConfigureAwait(false);
            }
            catch (Amqp10ClosedException e) when (IsUnreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                LogEndpointUnreachable(logger ?? NullLogger.Instance, endpoint.ToString(), e.Message);
                failures.Add((endpoint, e));
            }
        }

        throw new AmqpEndpointsUnreachableException(failures);
    }

    /// <summary>
    /// Failures that say nothing against trying again or trying the next endpoint: nothing listened, the network failed,
    /// the socket closed, the handshake timed out, or the node forced the connection closed (as one shutting down does).
    /// Refused credentials, TLS failures, or a close with another error (such as a missing virtual host, the same on
    /// every node) end the attempt.
    /// </summary>
    internal static bool IsUnreachable(Exception e) =>
        e is Amqp10ClosedException { Scope: "connection", Condition: null or Amqp10Conditions.ConnectionForced } or AmqpEndpointsUnreachableException;

    private static async Task<Amqp10Messaging> ConnectToAsync(Amqp10MessagingOptions options, AmqpEndpoint endpoint, ILogger? logger, CancellationToken cancellationToken)
    {
        int port = endpoint.Port ?? options.Port;
        var engineOptions = new Amqp10ConnectionOptions
        {
            Host = endpoint.Host,
            Port = port,
            Tls = options.Tls,
            IdleTimeout = options.IdleTimeout,
            HandshakeTimeout = options.HandshakeTimeout,
            CloseTimeout = options.CloseTimeout,
            UserName = options.UserName,
            Password = options.Password,
            AllowInsecureMechanisms = options.AllowPlainWithoutTls,
            VirtualHost = "vhost:" + options.VirtualHost,
            ContainerId = options.ContainerId ?? $"typedamqp-{Guid.NewGuid():N}",
        };
        Amqp10Connection connection = await Amqp10Connection.ConnectAsync(engineOptions, cancellationToken).ConfigureAwait(false);
        return new Amqp10Messaging(connection, options, endpoint.Host, port, logger);
    }

    /// <inheritdoc />
    public ValueTask PublishAsync<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);

        // Copied before returning (the interface's promise): the strings outlive the caller's buffers.
        string exchange = Encoding.UTF8.GetString(exchangeUtf8.Span);
        string routingKey = Encoding.UTF8.GetString(routingKeyUtf8.Span);
        var properties = MessagePropertyValues.ForTypedPublish(descriptor, options, messageId: default);
        return SendAsync(MessageAddress.Exchange(exchange, routingKey), properties, Serialize(message, descriptor), settled: !PublisherConfirms, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Every form is reached: an exchange or a queue by RabbitMQ 4's address, a bare AMQP 1.0 address as it is.</remarks>
    public ValueTask PublishAsync<TMessage>(MessageAddress address, MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions? options, CancellationToken cancellationToken) =>
        PublishAsync(address, descriptor, message, options, messageId: default, cancellationToken);

    /// <summary>A typed publish whose message id is <paramref name="messageId"/> when the options give none (a new one when empty), so a publish sent again keeps its id.</summary>
    internal ValueTask PublishAsync<TMessage>(MessageAddress address, MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions? options, Guid messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        address.ThrowIfNone(nameof(address));
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        var properties = MessagePropertyValues.ForTypedPublish(descriptor, options, messageId);
        return SendAsync(address, properties, Serialize(message, descriptor), settled: !PublisherConfirms, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask RepublishAsync(string exchange, string routingKey, ReceivedMessage received, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(routingKey);
        ArgumentNullException.ThrowIfNull(extraHeaders);
        var properties = MessagePropertyValues.CopyOf(received.Properties, includeHeaders: received.Properties.ValidateHeaders() is null);
        Dictionary<string, object?> headers = properties.Headers ?? new Dictionary<string, object?>();
        foreach (KeyValuePair<string, object?> header in extraHeaders) headers[header.Key] = header.Value;
        properties.Headers = headers;
        byte[] body = received.Body.ToArray();
        await SendAsync(MessageAddress.Exchange(exchange, routingKey), properties, body, settled: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one message unsettled and waits for its outcome: accepted is confirmed; released (RabbitMQ 4: no queue
    /// took it) is like 0-9-1's return, rejected (and anything else) like its nack: a <see cref="PublishException"/>.
    /// Sent <paramref name="settled"/>, it completes once written, with no outcome.
    /// </summary>
    /// <remarks>
    /// A body over <see cref="MaxMessageSize"/>, or a message over the broker's max-message-size, is refused before
    /// anything is sent with the <see cref="AmqpMessageTooLargeException"/> 0-9-1 throws too. With
    /// <see cref="Amqp10MessagingOptions.MaxUnconfirmedPublishes"/>, an unsettled send first waits for a place.
    /// </remarks>
    private async ValueTask SendAsync(MessageAddress destination, MessagePropertyValues properties, ReadOnlyMemory<byte> body, bool settled, CancellationToken cancellationToken)
    {
        if (body.Length > MaxMessageSize)
        {
            throw new AmqpMessageTooLargeException(
                $"The message body for {destination} is {body.Length} bytes, more than the maximum message size of {MaxMessageSize} bytes (Amqp10MessagingOptions.MaxMessageSize); nothing was sent.",
                body.Length, MaxMessageSize.Value);
        }

        Amqp10Message message = Amqp10MessageMapping.ToAmqp10(properties, body, Amqp10Addresses.Of(destination));
        Amqp10SenderLink link = await GetPublisherAsync(cancellationToken).ConfigureAwait(false);
        ulong number = (ulong)Interlocked.Increment(ref _publishes);
        SemaphoreSlim? places = settled ? null : _unconfirmedPlaces;
        if (places is not null) await places.WaitAsync(cancellationToken).ConfigureAwait(false);
        Amqp10DeliveryState? outcome;
        try
        {
            if (settled)
            {
                await link.SendSettledAsync(message, cancellationToken).ConfigureAwait(false);
                return;
            }

            outcome = await link.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Amqp10MessageSizeExceededException e)
        {
            throw new AmqpMessageTooLargeException(
                $"The message for {destination} is {e.Size} bytes encoded, more than the broker's max-message-size of {e.Limit} bytes; nothing was sent.",
                (long)e.Size, (long)e.Limit, e);
        }
        finally
        {
            places?.Release();
        }

        switch (outcome?.Kind)
        {
            case Amqp10DeliveryStateKind.Accepted:
                return;
            case Amqp10DeliveryStateKind.Released:
                throw new PublishException(number, returned: true, replyCode: 312,
                    $"NO_ROUTE (AMQP 1.0 released): no queue took the message published to {destination}");
            case Amqp10DeliveryStateKind.Rejected:
                throw new PublishException(number, returned: false, replyCode: 0,
                    $"AMQP 1.0 rejected the message published to {destination}: {outcome.Value.Error?.ToString() ?? "no error given"}");
            default:
                throw new PublishException(number, returned: false, replyCode: 0,
                    $"the broker answered the message published to {destination} with {outcome?.ToString() ?? "no outcome"}");
        }
    }

    private static byte[] Serialize<TMessage>(TMessage message, MessageDescriptor<TMessage> descriptor)
    {
        PooledBufferWriter body = MessageBodyBuffer.Serialize(message, descriptor);
        try
        {
            return body.WrittenSpan.ToArray(); // the pooled buffer goes back before the send awaits anything
        }
        finally
        {
            MessageBodyBuffer.Return(body);
        }
    }

    /// <summary>
    /// The publishing link: anonymous (no target address), so one link serves every exchange and routing key. A new
    /// one is attached, on a new session, after the previous one stopped.
    /// </summary>
    private async ValueTask<Amqp10SenderLink> GetPublisherAsync(CancellationToken cancellationToken)
    {
        if (_publisher is { IsStopped: false } open) return open;
        await _linksGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_publisher is { IsStopped: false } existing) return existing;
            _publisherSession = await Connection.BeginSessionAsync(cancellationToken).ConfigureAwait(false);
            _publisher = await _publisherSession.AttachSenderAsync(
                $"typedamqp-publisher-{Guid.NewGuid():N}", address: null,
                PublisherConfirms ? Amqp10SenderSettleMode.Unsettled : Amqp10SenderSettleMode.Mixed, // mixed: requests and replies still wait for their outcome
                properties: null, cancellationToken).ConfigureAwait(false);
            return _publisher;
        }
        finally
        {
            _linksGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<IMessageSubscription> SubscribeAsync(
        string queue, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        return await Amqp10Subscription.StartAsync(this, queue, prefetch, concurrency, handler, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Declares (or verifies) a topology through RabbitMQ 4's management node. Server-named queues get a name from this
    /// side (<c>typedamqp.gen-…</c>), since the management node refuses empty names. A refusal is an
    /// <see cref="Amqp10TopologyException"/> naming the entity.
    /// </summary>
    public async ValueTask<DeclaredTopology> DeclareAsync(TopologyDescription topology, TopologyMode mode = TopologyMode.Declare, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Amqp10ManagementClient management = await GetManagementAsync(cancellationToken).ConfigureAwait(false);
        return await Amqp10TopologyDeclaration.DeclareAsync(Connection, management, topology, mode, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Amqp10ManagementClient> GetManagementAsync(CancellationToken cancellationToken)
    {
        await _linksGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_management is null || IsStopped(_management.Session)) _management = await Amqp10ManagementClient.AttachAsync(Connection, cancellationToken).ConfigureAwait(false);
            return _management;
        }
        finally
        {
            _linksGate.Release();
        }
    }

    private bool IsStopped(Amqp10Session session)
    {
        lock (Connection.Sync) return session.IsStopped;
    }

    /// <summary>
    /// Sends close and waits for the broker's (up to <paramref name="cancellationToken"/>), then releases the socket;
    /// every subscription and link of this instance stops with it.
    /// </summary>
    internal Task CloseAsync(CancellationToken cancellationToken) => Connection.CloseAsync(cancellationToken);

    /// <summary>Closes the connection, and with it every subscription and link of this instance.</summary>
    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(307, LogLevel.Warning, "AMQP 1.0 broker endpoint {Endpoint} unreachable, trying the next: {Reason}")]
    private static partial void LogEndpointUnreachable(ILogger logger, string endpoint, string reason);
}
