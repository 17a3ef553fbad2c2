using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace TypedAmqp.Amqp10;

/// <summary>
/// An AMQP 1.0 connection over plain TCP: SASL (PLAIN or ANONYMOUS), open, sessions on channels, heartbeats, close.
/// </summary>
/// <remarks>
/// Threads: <see cref="ConnectAsync"/> runs the handshake on the caller's flow; afterwards one read loop
/// (<c>Amqp10Connection.Reading.cs</c>) decodes every frame and updates session and link state under
/// <see cref="Sync"/>, and any caller writes a frame by taking the write lock (<c>Amqp10Connection.Writing.cs</c>),
/// encoding into the one frame buffer and writing it. Nobody waits for credit or windows while holding the write
/// lock, so the read loop, which writes flows and replies, never waits behind a sender that waits for it.
/// </remarks>
internal sealed partial class Amqp10Connection : IAsyncDisposable
{
    private readonly Amqp10ConnectionOptions _options;
    private readonly IAmqp10Transport _transport;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Dictionary<ushort, Amqp10Session> _sessions = new(); // by our channel
    private readonly Dictionary<ushort, Amqp10Session> _sessionsByRemoteChannel = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ushort _nextChannel; // where the search for a free session channel starts (under the lock)
    private readonly CancellationTokenSource _stopping = new();
    private Task _readLoop = Task.CompletedTask;
    private Task _heartbeat = Task.CompletedTask;
    private Exception? _failure;
    private bool _closeSent;
    private volatile bool _stopped; // Fail has begun (written under the lock; read without, on every publish)
    private int _disposed;

    private Amqp10Connection(Amqp10ConnectionOptions options, IAmqp10Transport transport)
    {
        _options = options;
        _transport = transport;
        _input = transport.Input;
        _output = transport.Output;
        _writeBuffer = new byte[Amqp10FrameHeader.MinMaxFrameSize];
        _scheduledFlush = new ScheduledFlush(this);
    }

    /// <summary>Guards every session's and link's state; held only for short, non-blocking updates.</summary>
    internal object Sync { get; } = new();

    /// <summary>The peer as exceptions name it: <c>amqp://host:port</c> or <c>amqps://host:port</c>.</summary>
    internal string Endpoint => _options.Endpoint;

    /// <summary>How long disposing waits for the peer's answer (<see cref="Amqp10ConnectionOptions.CloseTimeout"/>).</summary>
    internal TimeSpan CloseTimeout => _options.CloseTimeout;

    /// <summary>The mechanisms the server offered in sasl-mechanisms, in its order.</summary>
    public IReadOnlyList<string> ServerMechanisms { get; private set; } = [];

    /// <summary>The peer's open: its container id, limits and properties.</summary>
    public Amqp10Open RemoteOpen { get; private set; } = null!;

    /// <summary>The largest frame sent: the smaller of this side's max-frame-size and the peer's.</summary>
    public uint OutgoingMaxFrameSize { get; private set; }

    /// <summary>Why the connection stopped, once it has (null while it runs, and after a clean close).</summary>
    public Exception? Failure
    {
        get
        {
            lock (Sync) return _failure;
        }
    }

    /// <summary>Completes when the connection has stopped, cleanly or not (never faults).</summary>
    public Task Closed => _closed.Task;

    /// <summary>
    /// Whether the connection has begun to stop (failed, or closed by either side): true before the sessions and links
    /// are failed, so whoever sees a link stop with it can tell that the connection went, not just the link.
    /// </summary>
    internal bool IsStopped => _stopped;

    /// <summary>Connects, authenticates and opens; every failure is a typed exception naming the endpoint, never the password.</summary>
    public static async Task<Amqp10Connection> ConnectAsync(Amqp10ConnectionOptions options, CancellationToken cancellationToken = default)
    {
        if (options.MaxFrameSize < Amqp10FrameHeader.MinMaxFrameSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxFrameSize, "MaxFrameSize is at least 512 (MIN-MAX-FRAME-SIZE).");
        }

        if ((options.CloseTimeout <= TimeSpan.Zero || options.CloseTimeout.TotalMilliseconds > int.MaxValue) && options.CloseTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CloseTimeout, "CloseTimeout is positive (at most about 24.8 days), or Timeout.InfiniteTimeSpan.");
        }

        string mechanism = options.Mechanism;
        if (mechanism is not ("PLAIN" or "ANONYMOUS" or "EXTERNAL"))
        {
            throw new ArgumentException($"The SASL mechanism '{mechanism}' is not supported; use PLAIN, ANONYMOUS or EXTERNAL.", nameof(options));
        }

        // Refused before anything is sent: PLAIN carries the password in clear text, safe only inside TLS.
        if (mechanism == "PLAIN" && options.Tls is null && !options.AllowInsecureMechanisms)
        {
            throw new AmqpAuthenticationException(
                $"SASL PLAIN would send the password of user '{options.UserName}' unencrypted to {options.Endpoint}; use TLS, or set AllowInsecureMechanisms to allow it.");
        }

        // EXTERNAL names the identity TLS established: without a client certificate there is none.
        if (mechanism == "EXTERNAL" && !HasClientCertificate(options.Tls))
        {
            throw new ArgumentException("SASL EXTERNAL authenticates with the TLS client certificate: set Tls with ClientCertificates (or a ClientCertificateContext).", nameof(options));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HandshakeTimeout);
        Amqp10Transport transport;
        try
        {
            transport = await Amqp10Transport.ConnectAsync(options, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Amqp10ClosedException("connection", $"connecting to {options.Endpoint} took longer than the handshake timeout of {options.HandshakeTimeout}", innerException: e);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            throw new Amqp10ClosedException("connection", $"connecting to {options.Endpoint} failed", innerException: e);
        }

        return await OpenOverAsync(options, transport, timeout.Token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Authenticates and opens over a transport already connected, then starts the read and heartbeat loops. The
    /// options are taken as they are: <see cref="ConnectAsync"/> checks them.
    /// </summary>
    internal static async Task<Amqp10Connection> ConnectOverAsync(Amqp10ConnectionOptions options, IAmqp10Transport transport, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HandshakeTimeout);
        return await OpenOverAsync(options, transport, timeout.Token, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Amqp10Connection> OpenOverAsync(Amqp10ConnectionOptions options, IAmqp10Transport transport, CancellationToken handshake, CancellationToken cancellationToken)
    {
        var connection = new Amqp10Connection(options, transport);
        try
        {
            await connection.AuthenticateAsync(options.Mechanism, handshake).ConfigureAwait(false);
            await connection.OpenAsync(handshake).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new Amqp10ClosedException("connection", $"the handshake with {options.Endpoint} took longer than {options.HandshakeTimeout}", innerException: e);
            }

            if (e is IOException or System.Net.Sockets.SocketException)
            {
                throw new Amqp10ClosedException("connection", $"the socket to {options.Endpoint} failed during the handshake", innerException: e);
            }

            throw;
        }

        connection._readLoop = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
        connection._heartbeat = Task.Run(connection.HeartbeatLoopAsync, CancellationToken.None);
        return connection;
    }

    private static bool HasClientCertificate(System.Net.Security.SslClientAuthenticationOptions? tls) =>
        tls is not null && (tls.ClientCertificates is { Count: > 0 } || tls.ClientCertificateContext is not null || tls.LocalCertificateSelectionCallback is not null);

    private async Task AuthenticateAsync(string mechanism, CancellationToken cancellationToken)
    {
        await _output.WriteAsync(Amqp10ProtocolHeader.Sasl.ToArray(), cancellationToken).ConfigureAwait(false);
        await ReadProtocolHeaderAsync(Amqp10ProtocolHeader.SaslId, cancellationToken).ConfigureAwait(false);

        byte[] body = await ReadHandshakeFrameAsync(Amqp10FrameType.Sasl, "sasl-mechanisms", cancellationToken).ConfigureAwait(false);
        Amqp10SaslMechanisms offered = ReadSasl(body, Amqp10Descriptors.SaslMechanisms, Amqp10SaslMechanisms.Read);
        ServerMechanisms = offered.Mechanisms;
        if (!offered.Mechanisms.Contains(mechanism, StringComparer.Ordinal))
        {
            throw new AmqpAuthenticationException(
                $"{_options.Endpoint} does not offer the SASL mechanism {mechanism}; it offers {string.Join(", ", offered.Mechanisms)}.");
        }

        // EXTERNAL sends an empty response: the authorization identity is the one the client certificate established.
        byte[]? response = mechanism switch
        {
            "PLAIN" => PlainResponse(_options.UserName ?? "", _options.Password ?? ""),
            "EXTERNAL" => [],
            _ => null,
        };
        try
        {
            var init = new Amqp10SaslInit { Mechanism = mechanism, InitialResponse = response, Hostname = _options.Host };
            await WriteHandshakeFrameAsync(Amqp10FrameType.Sasl, init.Write, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The response holds the password: clear it as soon as it is on its way.
            if (response is { Length: > 0 }) Array.Clear(response);
        }

        byte[] outcomeBody;
        try
        {
            outcomeBody = await ReadHandshakeFrameAsync(Amqp10FrameType.Sasl, "sasl-outcome", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Amqp10ClosedException or IOException)
        {
            // RabbitMQ's plugin may drop the socket instead of sending a failed outcome: the credentials are the likely cause.
            throw new AmqpAuthenticationException($"{_options.Endpoint} closed the connection instead of answering SASL {mechanism} for user '{_options.UserName}'.", e);
        }

        if (PeekDescriptor(outcomeBody) == Amqp10Descriptors.SaslChallenge)
        {
            throw new AmqpAuthenticationException($"{_options.Endpoint} sent a SASL challenge for {mechanism}, which this client does not answer.");
        }

        Amqp10SaslOutcome outcome = ReadSasl(outcomeBody, Amqp10Descriptors.SaslOutcome, Amqp10SaslOutcome.Read);
        if (outcome.Code != Amqp10SaslCode.Ok)
        {
            string who = mechanism == "PLAIN" ? $" for user '{_options.UserName}'" : "";
            throw new AmqpAuthenticationException(
                $"{_options.Endpoint} refused SASL {mechanism}{who}: sasl-outcome code {(byte)outcome.Code} ({outcome.Code.ToString().ToLowerInvariant()}).");
        }
    }

    /// <summary>PLAIN's message (RFC 4616): an empty authorization id, the user, the password, separated by NULs.</summary>
    private static byte[] PlainResponse(string user, string password)
    {
        var response = new byte[2 + Encoding.UTF8.GetByteCount(user) + Encoding.UTF8.GetByteCount(password)];
        int written = 1 + Encoding.UTF8.GetBytes(user, response.AsSpan(1));
        Encoding.UTF8.GetBytes(password, response.AsSpan(written + 1));
        return response;
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _output.WriteAsync(Amqp10ProtocolHeader.Amqp.ToArray(), cancellationToken).ConfigureAwait(false);
        await ReadProtocolHeaderAsync(Amqp10ProtocolHeader.AmqpId, cancellationToken).ConfigureAwait(false);

        var open = new Amqp10Open
        {
            ContainerId = _options.ContainerId,
            Hostname = _options.VirtualHost ?? _options.Host,
            MaxFrameSize = _options.MaxFrameSize,
            ChannelMax = _options.ChannelMax,
            // Half the real threshold, as part 2 section 2.4.5 advises, so a peer that heartbeats a little late is not dropped.
            IdleTimeOut = _options.IdleTimeout > TimeSpan.Zero ? (uint)Math.Max(1, _options.IdleTimeout.TotalMilliseconds / 2) : null,
        };
        await WriteHandshakeFrameAsync(Amqp10FrameType.Amqp, open.Write, cancellationToken).ConfigureAwait(false);

        byte[] body = await ReadHandshakeFrameAsync(Amqp10FrameType.Amqp, "open", cancellationToken).ConfigureAwait(false);
        if (PeekDescriptor(body) == Amqp10Descriptors.Close)
        {
            throw new Amqp10ClosedException("connection", $"{_options.Endpoint} closed the connection instead of opening it", ReadClose(body).Error);
        }

        RemoteOpen = ReadSasl(body, Amqp10Descriptors.Open, Amqp10Open.Read);
        OutgoingMaxFrameSize = Math.Min(_options.MaxFrameSize, RemoteOpen.MaxFrameSize ?? uint.MaxValue);
        if (OutgoingMaxFrameSize < Amqp10FrameHeader.MinMaxFrameSize)
        {
            throw new Amqp10ProtocolException(Amqp10Conditions.FrameSizeTooSmall, $"{_options.Endpoint} announced a max-frame-size of {OutgoingMaxFrameSize}, under 512");
        }

        _writeBuffer = new byte[OutgoingMaxFrameSize];

        // A peer that sends close right after open (a virtual host it refuses) is handled by the read loop.
    }

    private static Amqp10Close ReadClose(byte[] body)
    {
        var reader = new Amqp10Reader(body);
        return Amqp10Close.Read(ref reader);
    }

    private delegate T ReadBody<T>(ref Amqp10Reader reader);

    private static T ReadSasl<T>(byte[] body, ulong expected, ReadBody<T> read)
    {
        ulong code = PeekDescriptor(body);
        if (code != expected)
        {
            throw new Amqp10ProtocolException(Amqp10Conditions.IllegalState, $"expected {Amqp10Descriptors.NameOf(expected)}, but the peer sent {Amqp10Descriptors.NameOf(code)}");
        }

        var reader = new Amqp10Reader(body);
        return read(ref reader);
    }

    private static ulong PeekDescriptor(ReadOnlySpan<byte> body)
    {
        var reader = new Amqp10Reader(body);
        return reader.ReadDescriptorCode();
    }

    private async Task ReadProtocolHeaderAsync(byte id, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (_options.Tls is null && StartsWithTlsRecord(buffer))
            {
                _input.AdvanceTo(buffer.Start);
                throw new AmqpTlsMismatchException(_options.HostAndPort, brokerUsesTls: true);
            }

            if (Amqp10ProtocolHeader.TryRead(ref buffer, id))
            {
                // Only the header is consumed, and nothing after it examined: the first frame may have come with it.
                _input.AdvanceTo(buffer.Start);
                return;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new Amqp10ClosedException("connection", $"{_options.Endpoint} closed the socket before sending its protocol header");
            }
        }
    }

    /// <summary>A TLS record's start (alert or handshake, version 3.x): a TLS server's answer to a plain protocol header.</summary>
    private static bool StartsWithTlsRecord(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 3) return false;
        Span<byte> start = stackalloc byte[3];
        buffer.Slice(0, 3).CopyTo(start);
        const byte alert = 21, handshake = 22;
        return start[0] is alert or handshake && start[1] == 3 && start[2] <= 4;
    }

    /// <summary>Reads one frame during the handshake (empty frames skipped) and copies its body out.</summary>
    private async Task<byte[]> ReadHandshakeFrameAsync(byte type, string expected, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            byte[]? body = null;
            while (body is null && Amqp10FrameReader.TryReadFrame(ref buffer, _options.MaxFrameSize, out Amqp10Frame frame))
            {
                if (frame.IsEmpty) continue;
                if (frame.Type != type)
                {
                    _input.AdvanceTo(buffer.Start);
                    throw new Amqp10ProtocolException(Amqp10Conditions.FramingError, $"expected a frame of type {type} ({expected}), got type {frame.Type}");
                }

                body = frame.Body.ToArray();
            }

            if (body is not null)
            {
                _input.AdvanceTo(buffer.Start); // the frames after it stay unexamined for the next read
                return body;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new Amqp10ClosedException("connection", $"{_options.Endpoint} closed the socket while {expected} was awaited");
            }
        }
    }

    private delegate void WriteBody(ref Amqp10Writer writer);

    private async Task WriteHandshakeFrameAsync(byte type, WriteBody write, CancellationToken cancellationToken)
    {
        byte[] frame = ArrayPool<byte>.Shared.Rent((int)Amqp10FrameHeader.MinMaxFrameSize);
        try
        {
            var writer = new Amqp10Writer(frame.AsSpan(Amqp10FrameHeader.Size, (int)Amqp10FrameHeader.MinMaxFrameSize - Amqp10FrameHeader.Size));
            write(ref writer);
            int size = Amqp10FrameHeader.Size + writer.Written;
            Amqp10FrameHeader.Write(frame, (uint)size, type, 0);
            await _output.WriteAsync(frame.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A sasl-init holds the password: the rented buffer goes back to the pool cleared.
            ArrayPool<byte>.Shared.Return(frame, clearArray: true);
        }
    }

    /// <summary>Begins a session on the next free channel and waits for the peer's begin.</summary>
    public async Task<Amqp10Session> BeginSessionAsync(CancellationToken cancellationToken = default)
    {
        Amqp10Session session;
        lock (Sync)
        {
            ThrowIfStopped();

            // The first free channel from the one after the last session begun, wrapping at channel-max: a channel
            // just ended is not reused at once, since RabbitMQ 4.0.5 can drop a begin that arrives on a channel whose
            // end it has only just answered (the begin is never answered and the caller hangs).
            ushort channelMax = Math.Min(_options.ChannelMax, RemoteOpen.ChannelMax ?? ushort.MaxValue);
            ushort channel = _nextChannel > channelMax ? (ushort)0 : _nextChannel;
            for (int tried = 0; _sessions.ContainsKey(channel); tried++)
            {
                if (tried >= channelMax)
                {
                    throw new InvalidOperationException($"Every channel up to channel-max {channelMax} has a session.");
                }

                channel = channel == channelMax ? (ushort)0 : (ushort)(channel + 1);
            }

            _nextChannel = channel == channelMax ? (ushort)0 : (ushort)(channel + 1);
            session = new Amqp10Session(this, channel);
            _sessions.Add(channel, session);
        }

        await session.BeginAsync(cancellationToken).ConfigureAwait(false);
        return session;
    }

    internal void RemoveSession(Amqp10Session session)
    {
        lock (Sync)
        {
            _sessions.Remove(session.Channel);
            if (session.RemoteChannel is { } remote) _sessionsByRemoteChannel.Remove(remote);
        }
    }

    /// <summary>Throws the connection's failure (or that it is closed); call under <see cref="Sync"/>.</summary>
    internal void ThrowIfStopped()
    {
        if (_failure is not null) throw new Amqp10ClosedException("connection", "it failed earlier", innerException: _failure);
        if (_closeSent) throw new Amqp10ClosedException("connection", "it was closed by the application");
    }

    /// <summary>
    /// Sends close, waits for the peer's (at most <see cref="Amqp10ConnectionOptions.CloseTimeout"/>, or until
    /// <paramref name="cancellationToken"/>), and releases the socket.
    /// </summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        bool send;
        lock (Sync)
        {
            send = !_closeSent && _failure is null;
            _closeSent = true;
        }

        try
        {
            if (send)
            {
                await WriteCloseAsync(null, cancellationToken).ConfigureAwait(false);
                await _closed.Task.WaitAsync(CloseTimeout, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException or ObjectDisposedException or Amqp10ClosedException)
        {
            // The peer did not answer or the socket is gone: the connection is released below anyway.
        }
        finally
        {
            // Released even when the caller's token stops the wait for the peer's close.
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _closed.Task.ConfigureAwait(false);
            return;
        }

        lock (Sync) _closeSent = true;
        _stopping.Cancel();
        await DrainWritesAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false); // never faults: it reports through Fail
        await _heartbeat.ConfigureAwait(false);
        Fail(null);
        _stopping.Dispose();
    }

    /// <summary>
    /// Marks the connection stopped with <paramref name="reason"/> before its close goes out, under the lock: callers
    /// see the reason (not "closed by the application"), and <see cref="IsStopped"/> is true, from that moment.
    /// </summary>
    private void StopLocked(Exception reason)
    {
        _failure ??= reason;
        _stopped = true;
    }

    /// <summary>
    /// Stops everything waiting on this connection with <paramref name="failure"/> (or, after a clean close, with an
    /// <see cref="Amqp10ClosedException"/>): sessions, links, unsettled sends, receivers. The first call wins.
    /// </summary>
    internal void Fail(Exception? failure)
    {
        Amqp10Session[] sessions;
        lock (Sync)
        {
            if (_closed.Task.IsCompleted) return;
            _failure ??= failure;
            _stopped = true;
            sessions = [.. _sessions.Values];
            _sessions.Clear();
            _sessionsByRemoteChannel.Clear();
        }

        Exception reason = failure ?? new Amqp10ClosedException("connection", "it was closed");
        foreach (Amqp10Session session in sessions) session.Fail(reason);
        _closed.TrySetResult();
    }
}
