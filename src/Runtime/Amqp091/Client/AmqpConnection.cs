using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>
/// One AMQP 0-9-1 connection: a socket (optionally TLS) carrying many <see cref="AmqpChannel"/>s. One loop reads and
/// dispatches frames, one loop writes, and one sends heartbeats. When the broker closes the connection or the
/// socket fails, every channel and pending operation fails with <see cref="AmqpConnectionClosedException"/>.
/// </summary>
/// <remarks>
/// Code that awaits a publisher confirm or a typed request's reply continues on the connection's thread named
/// "TypedAmqp continuations" when that thread is free, and on the thread pool otherwise (a captured
/// <see cref="SynchronizationContext"/> is honoured as usual). Blocking there is allowed: while the thread is busy,
/// later continuations simply run on the pool.
/// </remarks>
public sealed partial class AmqpConnection : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly AmqpConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly IDuplexPipe _transport;
    private readonly IAsyncDisposable? _transportOwner;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource _closeOk = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<CloseReason> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _channelsGate = new();
    private readonly SemaphoreSlim _updateSecretGate = new(1, 1);
    private AmqpChannel?[] _channels = [];
    private TaskCompletionSource? _updateSecretOk;
    private AmqpConnectionClosedException? _closeException;
    private Task _readLoop = Task.CompletedTask;
    private Task _heartbeatLoop = Task.CompletedTask;
    private Task? _shutdownTask;
    private bool _closing;
    private bool _countedAsOpen;
    private int _countedAsBlocked; // 1 while counted in the blocked state of typedamqp.client.connections

    private AmqpConnection(AmqpConnectionOptions options, IDuplexPipe transport, IAsyncDisposable? transportOwner, ILogger logger)
    {
        _options = options;
        _transport = transport;
        _transportOwner = transportOwner;
        _logger = logger;
        Writer = new ConnectionWriter(transport.Output, OnWriteFailed, options.MaxHoldTime);
        Continuations = new ContinuationThread(logger, Writer);
        FrameMax = options.FrameMax == 0 ? FrameConstants.DefaultFrameMax : options.FrameMax;
        MaxMessageSize = options.MaxMessageSize;
    }

    /// <summary>The default limit of unconfirmed publishes per channel (<see cref="AmqpConnectionOptions.MaxUnconfirmedPublishes"/>).</summary>
    internal int MaxUnconfirmedPublishes => _options.MaxUnconfirmedPublishes;

    /// <summary>The largest message body this connection publishes (<see cref="AmqpConnectionOptions.MaxMessageSize"/> when it connected).</summary>
    public int MaxMessageSize { get; }

    /// <summary>The negotiated largest frame size in bytes; bodies are split into frames of at most this size.</summary>
    public uint FrameMax { get; private set; }

    /// <summary>The negotiated highest channel number.</summary>
    public ushort ChannelMax { get; private set; }

    /// <summary>The negotiated heartbeat interval; zero when heartbeats are off.</summary>
    public TimeSpan Heartbeat { get; private set; }

    /// <summary>What the broker said about itself in connection.start (product, version, capabilities...).</summary>
    public IReadOnlyDictionary<string, object?> ServerProperties { get; private set; } = new Dictionary<string, object?>();

    /// <summary>The endpoint, with the password redacted: safe to log.</summary>
    public string Endpoint => _options.ToString();

    /// <summary>The broker's host as configured, for telemetry's <c>server.address</c> (no DNS lookup).</summary>
    internal string ServerAddress => _options.Host;

    /// <summary>The broker's port, boxed once, for telemetry's <c>server.port</c>: tagging a measurement with it allocates nothing.</summary>
    internal object ServerPortTag => _serverPortTag ??= _options.EffectivePort;

    private object? _serverPortTag;

    /// <summary>Whether the connection is open; false once it closed for any reason.</summary>
    public bool IsOpen => Volatile.Read(ref _closeException) is null;

    /// <summary>Why the connection closed, or null while it is open.</summary>
    public CloseReason? CloseReason => Volatile.Read(ref _closeException)?.Reason;

    /// <summary>Completes with the close reason when the connection closes, for whatever reason.</summary>
    public Task<CloseReason> Completion => _closed.Task;

    /// <summary>Moves the connection in or out of the blocked state of the connections metric, once per change.</summary>
    private void CountAsBlocked(bool blocked)
    {
        if (blocked)
        {
            if (Interlocked.Exchange(ref _countedAsBlocked, 1) == 0) Observability.TypedAmqpTelemetry.ConnectionBlocked();
        }
        else if (Interlocked.Exchange(ref _countedAsBlocked, 0) == 1)
        {
            Observability.TypedAmqpTelemetry.ConnectionUnblocked();
        }
    }

    /// <summary>Whether the broker has blocked publishing on this connection (resource alarm).</summary>
    public bool IsBlocked { get; private set; }

    /// <summary>Raised when the broker blocks publishing (connection.blocked) with its reason.</summary>
    public event EventHandler<string>? Blocked;

    /// <summary>Raised when the broker lifts a block (connection.unblocked).</summary>
    public event EventHandler? Unblocked;

    internal ConnectionWriter Writer { get; }

    /// <summary>Runs continuations of awaited confirms and replies off the reader thread, when it is free (see <see cref="ContinuationThread"/>).</summary>
    internal ContinuationThread Continuations { get; }

    internal InboundMessagePool MessagePool { get; } = new();

    internal ILogger Logger => _logger;

    /// <summary>Connects to the broker named by a RabbitMQ URI such as <c>amqp://guest:guest@localhost:5672/</c>.</summary>
    /// <exception cref="AmqpAuthenticationException">The broker refused the credentials.</exception>
    /// <exception cref="AmqpVirtualHostException">The virtual host does not exist or is not accessible.</exception>
    public static ValueTask<AmqpConnection> ConnectAsync(string uri, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(AmqpConnectionOptions.Parse(uri), logger, cancellationToken);

    /// <summary>
    /// Connects to the broker with explicit options: to its one endpoint, or to the first of
    /// <see cref="AmqpConnectionOptions.Endpoints"/> (or the resolver's) that accepts.
    /// </summary>
    /// <exception cref="AmqpAuthenticationException">The broker refused the credentials.</exception>
    /// <exception cref="AmqpVirtualHostException">The virtual host does not exist or is not accessible.</exception>
    /// <exception cref="TimeoutException">Connecting took longer than <see cref="AmqpConnectionOptions.ConnectionTimeout"/>.</exception>
    /// <exception cref="AmqpEndpointsUnreachableException">Several endpoints were tried and none could be reached.</exception>
    public static async ValueTask<AmqpConnection> ConnectAsync(AmqpConnectionOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        IReadOnlyList<AmqpEndpoint> endpoints = await options.EndpointsToTryAsync(cancellationToken).ConfigureAwait(false);
        if (endpoints.Count == 1) return await ConnectToAsync(options.For(endpoints[0]), logger, cancellationToken).ConfigureAwait(false);

        var failures = new List<(AmqpEndpoint, Exception)>(endpoints.Count);
        foreach (AmqpEndpoint endpoint in endpoints)
        {
            try
            {
                return await ConnectToAsync(options.For(endpoint), logger, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
            {
                Log.EndpointUnreachable(logger, endpoint.ToString(), ex.Message);
                failures.Add((endpoint, ex));
            }
        }

        throw new AmqpEndpointsUnreachableException(failures);
    }

    /// <summary>
    /// Failures that say nothing against the next endpoint: nothing listened, the network failed, the node closed the
    /// connection (while booting or shutting down) or did not answer in time. Refused credentials, a missing virtual
    /// host or a TLS failure are the same on every node of a cluster, so they end the attempt.
    /// </summary>
    private static bool IsUnreachable(Exception ex) =>
        ex is System.Net.Sockets.SocketException or IOException or TimeoutException or AmqpConnectionClosedException;

    private static async ValueTask<AmqpConnection> ConnectToAsync(AmqpConnectionOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectionTimeout);
        SocketTransport transport;
        try
        {
            transport = await SocketTransport.ConnectAsync(options, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Connecting to {options} timed out after {options.ConnectionTimeout.TotalSeconds:0.#} s.");
        }

        return await ConnectAsync(transport, transport, options, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the AMQP handshake over an already connected transport (tests use in-memory pipes).</summary>
    internal static async ValueTask<AmqpConnection> ConnectAsync(
        IDuplexPipe transport, IAsyncDisposable? transportOwner, AmqpConnectionOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        var connection = new AmqpConnection(options, transport, transportOwner, logger ?? NullLogger.Instance);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectionTimeout);
        try
        {
            connection.Writer.Start();
            await connection.HandshakeAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await connection.AbortAsync(ex).ConfigureAwait(false);
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The AMQP handshake with {options} timed out after {options.ConnectionTimeout.TotalSeconds:0.#} s.");
            }

            throw;
        }

        connection.StartLoops();
        Observability.TypedAmqpTelemetry.ConnectionOpened();
        connection._countedAsOpen = true;
        return connection;
    }

    /// <summary>Opens a new channel.</summary>
    /// <exception cref="AmqpConnectionClosedException">The connection is closed.</exception>
    public async ValueTask<AmqpChannel> OpenChannelAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        AmqpChannel channel;
        lock (_channelsGate)
        {
            ushort number = 0;
            for (int i = 1; i <= ChannelMax; i++)
            {
                if (i >= _channels.Length || _channels[i] is null)
                {
                    number = (ushort)i;
                    break;
                }
            }

            if (number == 0)
            {
                throw new InvalidOperationException($"All {ChannelMax} channels of the connection are in use.");
            }

            if (number >= _channels.Length)
            {
                Array.Resize(ref _channels, Math.Min(Math.Max(_channels.Length * 2, 16), ChannelMax + 1));
            }

            channel = new AmqpChannel(this, number);
            _channels[number] = channel;
        }

        try
        {
            await channel.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            RemoveChannel(channel);
            throw;
        }

        return channel;
    }

    /// <summary>Replaces the credentials of the open connection (RabbitMQ's connection.update-secret), for example a refreshed OAuth token.</summary>
    public async ValueTask UpdateSecretAsync(string newSecret, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newSecret);
        await _updateSecretGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _updateSecretOk = done;
            using (ConnectionWriter.WriteScope scope = Writer.AcquireForAnswer())
            {
                FrameWriter.WriteMethod(scope.Buffer, 0, new ConnectionUpdateSecret(System.Text.Encoding.UTF8.GetBytes(newSecret), reason ?? string.Empty));
            }

            await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            _options.Password = newSecret;
        }
        finally
        {
            _updateSecretOk = null;
            _updateSecretGate.Release();
        }
    }

    /// <summary>
    /// Closes the connection cleanly: sends connection.close, waits for the broker's close-ok (at most 10 seconds or
    /// until <paramref name="cancellationToken"/> fires), then closes the socket. Channels close with it.
    /// </summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        bool sendClose;
        lock (_channelsGate)
        {
            sendClose = !_closing && IsOpen;
            _closing = true;
        }

        if (sendClose)
        {
            try
            {
                using (ConnectionWriter.WriteScope scope = Writer.AcquireForAnswer())
                {
                    FrameWriter.WriteMethod(scope.Buffer, 0, new CloseMethod(MethodId.ConnectionClose, ReplyCode.Success, "Goodbye", 0, 0));
                }

                await _closeOk.Task.WaitAsync(CloseTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AmqpException or TimeoutException or OperationCanceledException)
            {
                // The broker went away or did not answer in time: close our side regardless.
            }

            Fail(new AmqpConnectionClosedException(new CloseReason(ReplyCode.Success, "Closed by the application", 0, 0, CloseInitiator.Application)));
            Log.ConnectionClosedByApplication(_logger, Endpoint);
        }

        if (_shutdownTask is { } shutdown) await shutdown.ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false);
        await _heartbeatLoop.ConfigureAwait(false);
    }

    /// <summary>Closes the connection (see <see cref="CloseAsync"/>).</summary>
    public ValueTask DisposeAsync() => CloseAsync(CancellationToken.None);

    internal void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closeException) is { } closed) throw closed;
    }

    internal void RemoveChannel(AmqpChannel channel)
    {
        lock (_channelsGate)
        {
            if (channel.Number < _channels.Length && ReferenceEquals(_channels[channel.Number], channel))
            {
                _channels[channel.Number] = null;
            }
        }
    }

    private AmqpChannel? FindChannel(ushort number)
    {
        lock (_channelsGate)
        {
            return number < _channels.Length ? _channels[number] : null;
        }
    }

    /// <summary>
    /// Marks the connection closed (first reason wins), fails every channel and waiter, and shuts the transport down
    /// in the background after the writer has flushed what is pending (such as a close-ok).
    /// </summary>
    private void Fail(AmqpConnectionClosedException reason)
    {
        if (Interlocked.CompareExchange(ref _closeException, reason, null) is not null) return;

        AmqpChannel?[] channels;
        lock (_channelsGate)
        {
            channels = _channels;
            _channels = [];
        }

        foreach (AmqpChannel? channel in channels)
        {
            channel?.OnConnectionClosed(reason);
        }

        Continuations.Stop(); // after the channels: their failed confirms may still be handed to it
        _watchdog?.Dispose();
        CountAsBlocked(false);
        if (_countedAsOpen) Observability.TypedAmqpTelemetry.ConnectionClosed();
        _updateSecretOk?.TrySetException(reason);
        _closeOk.TrySetResult();
        _shutdownTask = ShutdownTransportAsync(reason);
        _closed.TrySetResult(reason.Reason);
    }

    private async Task ShutdownTransportAsync(Exception reason)
    {
        Writer.Close(reason);
        try
        {
            // A broker that stopped reading leaves the last write blocked; closing the socket below ends it.
            await Writer.CompleteAsync().AsTask().WaitAsync(CloseTimeout).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The socket is going away, or the write did not finish in time; nothing left to report.
        }

        _shutdown.Cancel();
        if (_transportOwner is not null)
        {
            try
            {
                await _transportOwner.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Disposing a broken socket may throw; the connection is closed either way.
            }
        }
    }

    private async ValueTask AbortAsync(Exception reason)
    {
        Fail(new AmqpConnectionClosedException(new CloseReason(0, "Connection attempt failed", 0, 0, CloseInitiator.Library), reason));
        if (_shutdownTask is { } shutdown) await shutdown.ConfigureAwait(false);
    }

    private void OnWriteFailed(Exception exception)
    {
        var reason = new CloseReason(0, $"Writing to the socket failed: {exception.Message}", 0, 0, CloseInitiator.Library);
        Log.ConnectionClosed(_logger, Endpoint, reason.ToString(), exception);
        Fail(new AmqpConnectionClosedException(reason, exception));
    }

    private void RaiseEvent<T>(EventHandler<T>? handler, T argument, string name)
    {
        if (handler is null) return;
        try
        {
            handler(this, argument);
        }
        catch (Exception ex)
        {
            Log.EventHandlerFailed(_logger, name, ex);
        }
    }
}
