using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TypedAmqp.Amqp10;

/// <summary>
/// An AMQP 1.0 connection for applications: connect with <see cref="Amqp10ConnectionOptions"/>, then create senders
/// and receivers on addresses (RabbitMQ 4: <c>/queues/NAME</c>, <c>/exchanges/NAME/KEY</c>).
/// </summary>
/// <remarks>
/// Each sender and receiver gets a session of its own: a peer that refuses one address by ending the session
/// (RabbitMQ 4 does so for a missing queue) then takes no other sender or receiver down with it. Sessions are cheap
/// (one begin frame each way). The engine underneath (<c>Amqp10Connection</c>) stays internal.
/// </remarks>
/// <example>
/// <code>
/// await using Amqp10Client client = await Amqp10Client.ConnectAsync(new Amqp10ConnectionOptions
/// {
///     Host = "rabbit.internal", Port = 5671, Tls = new SslClientAuthenticationOptions(),
///     UserName = "app", Password = secret, VirtualHost = "vhost:/",
/// });
/// await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/orders");
/// Amqp10DeliveryState? outcome = await sender.SendAsync(new Amqp10Message { Data = body });
/// </code>
/// </example>
public sealed partial class Amqp10Client : IAsyncDisposable
{
    private readonly Amqp10ConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly List<IAmqp10LinkHolder> _holders = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Amqp10Connection _connection;
    private volatile string _endpoint;
    private volatile Exception? _failure;
    private int _state; // an Amqp10ClientState
    private Task _supervising = Task.CompletedTask;
    private int _links;

    private Amqp10Client(Amqp10Connection connection, Amqp10ConnectionOptions options)
    {
        _connection = connection;
        _options = options;
        _endpoint = options.Endpoint;
        _logger = options.Logger ?? NullLogger.Instance;
    }

    /// <summary>Connects, authenticates (SASL) and opens the connection.</summary>
    /// <param name="options">Where and how to connect, and whether to reconnect (<see cref="Amqp10ConnectionOptions.Reconnect"/>).</param>
    /// <param name="cancellationToken">Stops connecting; <see cref="Amqp10ConnectionOptions.HandshakeTimeout"/> bounds it as well.</param>
    /// <returns>The open client.</returns>
    /// <exception cref="AmqpAuthenticationException">The peer refused the credentials or offers no usable mechanism.</exception>
    /// <exception cref="AmqpTlsException">TLS failed (a refused certificate, or TLS on one side only: <see cref="AmqpTlsMismatchException"/>).</exception>
    /// <exception cref="Amqp10ClosedException">The socket could not be connected, failed, or the handshake timed out.</exception>
    /// <remarks>The first connection is not retried: a wrong host or password fails here, at once, rather than being retried for ever.</remarks>
    public static async ValueTask<Amqp10Client> ConnectAsync(Amqp10ConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Reconnect?.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"Reconnect: {string.Join(" ", problems)}", nameof(options));
        }

        Amqp10Connection connection = await Amqp10Connection.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        var client = new Amqp10Client(connection, options);
        client._supervising = client.SuperviseAsync();
        return client;
    }

    /// <summary>
    /// The peer as exceptions name it (<c>amqp://host:port</c> or <c>amqps://host:port</c>), never with credentials:
    /// after a failover, the endpoint in use.
    /// </summary>
    public string Endpoint => _endpoint;

    /// <summary>Connected, reconnecting after a loss, or closed for good.</summary>
    public Amqp10ClientState State => !Reconnects && _connection.IsStopped ? Amqp10ClientState.Closed : (Amqp10ClientState)Volatile.Read(ref _state);

    /// <summary>
    /// Raised on the reconnect loop's flow when the connection is lost, regained, or the client stops; a handler must
    /// return quickly and not throw (an exception it throws is logged and ignored).
    /// </summary>
    public event EventHandler<Amqp10ClientStateChangedEventArgs>? StateChanged;

    /// <summary>The SASL mechanisms the peer offered, in its order.</summary>
    public IReadOnlyList<string> ServerMechanisms => _connection.ServerMechanisms;

    /// <summary>The container id the peer announced in its open.</summary>
    public string RemoteContainerId => _connection.RemoteOpen.ContainerId;

    /// <summary>Why the client stopped, once it has for good; null while it runs (and reconnects) and after a clean close.</summary>
    public Exception? Failure => _failure ?? (Reconnects ? null : _connection.Failure);

    /// <summary>Completes (never faults) when the client has stopped for good: closed, lost without reconnect, or given up.</summary>
    public Task Closed => _closed.Task;

    /// <summary>The engine's connection in use now, for the adapters inside this assembly.</summary>
    internal Amqp10Connection Connection => _connection;

    /// <summary>Whether lost links are attached again on a new connection.</summary>
    internal bool Reconnects => _options.Reconnect is not null;

    /// <summary>Whether sends whose outcome was lost with the connection are sent again.</summary>
    internal bool ResendsUnsettled => _options.Reconnect?.ResendUnsettled == true;

    /// <summary>Attaches a sender to <paramref name="address"/> on a session of its own.</summary>
    /// <param name="address">The target address, such as <c>/queues/orders</c>.</param>
    /// <param name="options">The link's name, delivery guarantee, send timeout, max message size and target; null takes the defaults.</param>
    /// <param name="cancellationToken">Stops waiting for the peer's begin and attach.</param>
    /// <returns>The attached sender.</returns>
    /// <exception cref="Amqp10ClosedException">The peer refused the link (its <see cref="Amqp10ClosedException.Condition"/>, such as <c>amqp:not-found</c>), or the connection stopped.</exception>
    /// <exception cref="TimeoutException">The peer did not answer the begin and attach within <see cref="Amqp10ConnectionOptions.HandshakeTimeout"/>.</exception>
    public ValueTask<Amqp10Sender> CreateSenderAsync(string address, Amqp10SenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        return CreateSenderCoreAsync(address, dynamic: false, options, cancellationToken);
    }

    /// <summary>
    /// Attaches a sender to a node the peer creates for it (a dynamic target, with
    /// <see cref="Amqp10TerminusOptions.DynamicNodeProperties"/> from <see cref="Amqp10SenderOptions.Target"/>);
    /// <see cref="Amqp10Sender.Address"/> is the address the peer assigned.
    /// </summary>
    /// <param name="options">As for <see cref="CreateSenderAsync(string, Amqp10SenderOptions?, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the peer's begin and attach.</param>
    /// <returns>The attached sender.</returns>
    /// <exception cref="Amqp10ClosedException">The peer refused the dynamic node (RabbitMQ 4.0 does, with its condition), assigned no address, or the connection stopped.</exception>
    public ValueTask<Amqp10Sender> CreateDynamicSenderAsync(Amqp10SenderOptions? options = null, CancellationToken cancellationToken = default) =>
        CreateSenderCoreAsync(null, dynamic: true, options, cancellationToken);

    private async ValueTask<Amqp10Sender> CreateSenderCoreAsync(string? address, bool dynamic, Amqp10SenderOptions? options, CancellationToken cancellationToken)
    {
        options ??= new Amqp10SenderOptions();
        if (options.SendTimeout <= TimeSpan.Zero && options.SendTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SendTimeout, "SendTimeout is positive, or Timeout.InfiniteTimeSpan.");
        }

        var request = new Amqp10LinkRequest
        {
            Name = options.Name ?? $"sender-{Interlocked.Increment(ref _links)}",
            Target = Amqp10Termini.Target(address, options, dynamic),
            SenderSettleMode = options.Guarantee == Amqp10DeliveryGuarantee.AtMostOnce ? Amqp10SenderSettleMode.Settled : Amqp10SenderSettleMode.Unsettled,
            MaxMessageSize = options.MaxMessageSize,
        };
        Amqp10SenderLink link = await AttachFirstAsync(request, AttachSender, cancellationToken).ConfigureAwait(false);
        address ??= await AssignedAddressAsync(link, link.RemoteAttach.Target?.Address).ConfigureAwait(false);
        var holder = new Amqp10LinkHolder<Amqp10SenderLink>(link, (connection, _, token) => AttachOnOwnSessionAsync(connection, request, AttachSender, token), Reconnects, dynamic);
        Register(holder);
        return new Amqp10Sender(this, holder, address, options);
    }

    private static Task<Amqp10SenderLink> AttachSender(Amqp10Session session, Amqp10LinkRequest request, CancellationToken cancellationToken) =>
        session.AttachSenderAsync(request, cancellationToken);

    private static Task<Amqp10ReceiverLink> AttachReceiver(Amqp10Session session, Amqp10LinkRequest request, CancellationToken cancellationToken) =>
        session.AttachReceiverAsync(request, cancellationToken);

    /// <summary>
    /// The first attach of a sender or receiver, bounded by the handshake timeout as well as the caller's token: a peer
    /// that never answers a begin or an attach must not leave the call waiting for ever.
    /// </summary>
    private async Task<TLink> AttachFirstAsync<TLink>(
        Amqp10LinkRequest request, Func<Amqp10Session, Amqp10LinkRequest, CancellationToken, Task<TLink>> attach, CancellationToken cancellationToken)
        where TLink : Amqp10Link
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_options.HandshakeTimeout);
        try
        {
            return await AttachOnOwnSessionAsync(_connection, request, attach, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{Endpoint} did not answer the begin and attach of link '{request.Name}' within the handshake timeout of {_options.HandshakeTimeout}; the link was given up.", e);
        }
    }

    /// <summary>Begins a session on <paramref name="connection"/> and attaches the link on it; a refused link has its session ended.</summary>
    private static async Task<TLink> AttachOnOwnSessionAsync<TLink>(
        Amqp10Connection connection, Amqp10LinkRequest request, Func<Amqp10Session, Amqp10LinkRequest, CancellationToken, Task<TLink>> attach, CancellationToken cancellationToken)
        where TLink : Amqp10Link
    {
        Amqp10Session session = await connection.BeginSessionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await attach(session, request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await EndQuietlyAsync(session).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Attaches a receiver to <paramref name="address"/> on a session of its own and grants it credit.</summary>
    /// <param name="address">The source address, such as <c>/queues/orders</c>.</param>
    /// <param name="options">The link's name, delivery guarantee, credit, settle mode, max message size, source and filters; null takes the defaults.</param>
    /// <param name="cancellationToken">Stops waiting for the peer's begin and attach.</param>
    /// <returns>The attached receiver.</returns>
    /// <exception cref="Amqp10ClosedException">The peer refused the link (its <see cref="Amqp10ClosedException.Condition"/>, such as <c>amqp:not-found</c>), or the connection stopped.</exception>
    /// <exception cref="TimeoutException">The peer did not answer the begin and attach within <see cref="Amqp10ConnectionOptions.HandshakeTimeout"/>.</exception>
    public ValueTask<Amqp10Receiver> CreateReceiverAsync(string address, Amqp10ReceiverOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        return CreateReceiverCoreAsync(address, dynamic: false, options, cancellationToken);
    }

    /// <summary>
    /// Attaches a receiver to a node the peer creates for it (a dynamic source, with
    /// <see cref="Amqp10TerminusOptions.DynamicNodeProperties"/> from <see cref="Amqp10ReceiverOptions.Source"/>), such
    /// as a temporary reply queue: <see cref="Amqp10Receiver.Address"/> is the address the peer assigned, to put in a
    /// request's <c>reply-to</c>.
    /// </summary>
    /// <param name="options">As for <see cref="CreateReceiverAsync(string, Amqp10ReceiverOptions?, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the peer's begin and attach.</param>
    /// <returns>The attached receiver.</returns>
    /// <exception cref="Amqp10ClosedException">The peer refused the dynamic node (RabbitMQ 4.0 does, with its condition), assigned no address, or the connection stopped.</exception>
    public ValueTask<Amqp10Receiver> CreateDynamicReceiverAsync(Amqp10ReceiverOptions? options = null, CancellationToken cancellationToken = default) =>
        CreateReceiverCoreAsync(null, dynamic: true, options, cancellationToken);

    private async ValueTask<Amqp10Receiver> CreateReceiverCoreAsync(string? address, bool dynamic, Amqp10ReceiverOptions? options, CancellationToken cancellationToken)
    {
        options ??= new Amqp10ReceiverOptions();
        if (options.Credit == 0 && options.AutomaticCredit)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Credit is at least 1 with automatic credit: a receiver without credit receives nothing.");
        }

        var request = new Amqp10LinkRequest
        {
            Name = options.Name ?? $"receiver-{Interlocked.Increment(ref _links)}",
            Source = Amqp10Termini.Source(address, options, dynamic),
            SenderSettleMode = options.Guarantee == Amqp10DeliveryGuarantee.AtMostOnce ? Amqp10SenderSettleMode.Settled : Amqp10SenderSettleMode.Unsettled,
            ReceiverSettleMode = options.ReceiverSettleMode,
            MaxMessageSize = options.MaxMessageSize,
            Credit = options.Credit,
            AutomaticCredit = options.AutomaticCredit,
        };
        Amqp10ReceiverLink link = await AttachFirstAsync(request, AttachReceiver, cancellationToken).ConfigureAwait(false);
        address ??= await AssignedAddressAsync(link, link.RemoteAttach.Source?.Address).ConfigureAwait(false);
        // Manual credit: the link attached again grants what the lost one still owed the application (see CreditToRestore).
        var holder = new Amqp10LinkHolder<Amqp10ReceiverLink>(
            link,
            (connection, lost, token) => AttachOnOwnSessionAsync(connection, request.AutomaticCredit ? request : request with { Credit = lost.CreditToRestore }, AttachReceiver, token),
            Reconnects,
            dynamic);
        Register(holder);
        return new Amqp10Receiver(this, holder, address, options.Guarantee);
    }

    /// <summary>The address the peer assigned to a dynamic link; a peer that assigned none gets the link detached.</summary>
    private static async ValueTask<string> AssignedAddressAsync(Amqp10Link link, string? assigned)
    {
        if (!string.IsNullOrEmpty(assigned)) return assigned;
        using var timeout = new CancellationTokenSource(link.Session.Connection.CloseTimeout);
        try
        {
            await link.DetachAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Amqp10ClosedException or OperationCanceledException)
        {
            // The link is abandoned either way.
        }

        throw new Amqp10ClosedException("link", $"the peer attached dynamic link '{link.Name}' without assigning it an address");
    }

    /// <summary>Ends a session whose link failed to attach; it may already be gone (the peer ended it), which is fine.</summary>
    private static async ValueTask EndQuietlyAsync(Amqp10Session session)
    {
        try
        {
            using var timeout = new CancellationTokenSource(session.Connection.CloseTimeout);
            await session.EndAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Amqp10ClosedException or OperationCanceledException)
        {
            // The session or connection is gone already; the attach's exception says why.
        }
    }

    /// <summary>
    /// Sends close, waits for the peer's (at most <see cref="Amqp10ConnectionOptions.CloseTimeout"/>), and releases the
    /// socket; every sender and receiver stops, and reconnecting ends.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the peer's close sooner; the socket is released either way.</param>
    /// <returns>A task that completes once the connection is released.</returns>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        await _closing.CancelAsync().ConfigureAwait(false); // the loop's continuations run elsewhere, not inside this call
        StopLinks(new Amqp10ClosedException("connection", $"the client of {Endpoint} was closed by the application"));
        await _connection.CloseAsync(cancellationToken).ConfigureAwait(false);
        await _supervising.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes like <see cref="CloseAsync"/>, waiting at most <see cref="Amqp10ConnectionOptions.CloseTimeout"/> (5 seconds by default) for the peer's close.</summary>
    /// <returns>A task that completes once the connection is released.</returns>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(_options.CloseTimeout);
        try
        {
            await CloseAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The peer did not answer in time; the socket is released all the same.
        }
    }
}
