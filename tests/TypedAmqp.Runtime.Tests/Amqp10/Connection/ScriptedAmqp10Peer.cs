using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Connection;

/// <summary>
/// A scripted AMQP 1.0 server on loopback for one client: it answers SASL and open as told, then lets the test read
/// the client's frames and send any bytes, well-formed or not. Frames are built with the engine's own codec, which
/// the Proton cross-checks cover.
/// </summary>
internal sealed class ScriptedAmqp10Peer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private Socket? _socket;
    private NetworkStream? _stream;
    private PipeReader? _input;

    public ScriptedAmqp10Peer()
    {
        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Amqp10ConnectionOptions ClientOptions(TimeSpan? idleTimeout = null, string? user = null, string? password = null, Amqp10ReconnectOptions? reconnect = null, TimeSpan? handshakeTimeout = null, TimeSpan? closeTimeout = null) => new()
    {
        Reconnect = reconnect,
        Host = "127.0.0.1",
        Port = Port,
        UserName = user,
        Password = password,
        AllowInsecureMechanisms = true,
        MaxFrameSize = 4096,
        IdleTimeout = idleTimeout ?? TimeSpan.FromSeconds(60),
        HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(10),
        CloseTimeout = closeTimeout ?? TimeSpan.FromSeconds(1), // most scripts do not answer the client's close: its disposal need not wait 5 s
    };

    /// <summary>The client's sasl-init, once <see cref="AcceptAsync"/> read it.</summary>
    public Amqp10SaslInit? SaslInit { get; private set; }

    /// <summary>The client's open.</summary>
    public Amqp10Open? ClientOpen { get; private set; }

    /// <summary>Accepts the client and answers SASL (with <paramref name="saslCode"/>) and, if that is ok, open.</summary>
    public async Task AcceptAsync(Amqp10SaslCode saslCode = Amqp10SaslCode.Ok, uint? idleTimeOut = null)
    {
        _socket = await _listener.AcceptSocketAsync();
        _stream = new NetworkStream(_socket, ownsSocket: true);
        _input = PipeReader.Create(_stream);
        await ExpectHeaderAsync(Amqp10ProtocolHeader.SaslId);
        await SendAsync(Amqp10ProtocolHeader.Sasl.ToArray());
        await SendFrameAsync(Amqp10FrameType.Sasl, (ref Amqp10Writer w) => new Amqp10SaslMechanisms { Mechanisms = ["PLAIN", "ANONYMOUS"] }.Write(ref w));
        byte[] init = await ReadFrameAsync();
        var reader = new Amqp10Reader(init);
        SaslInit = Amqp10SaslInit.Read(ref reader);
        await SendFrameAsync(Amqp10FrameType.Sasl, (ref Amqp10Writer w) => new Amqp10SaslOutcome { Code = saslCode }.Write(ref w));
        if (saslCode != Amqp10SaslCode.Ok) return;

        await ExpectHeaderAsync(Amqp10ProtocolHeader.AmqpId);
        await SendAsync(Amqp10ProtocolHeader.Amqp.ToArray());
        byte[] open = await ReadFrameAsync();
        reader = new Amqp10Reader(open);
        ClientOpen = Amqp10Open.Read(ref reader);
        await SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Open { ContainerId = "scripted-peer", MaxFrameSize = 4096, IdleTimeOut = idleTimeOut }.Write(ref w));
    }

    public delegate void WriteBody(ref Amqp10Writer writer);

    public async Task SendFrameAsync(byte type, WriteBody write, ushort channel = 0)
    {
        var frame = new byte[4096];
        var writer = new Amqp10Writer(frame.AsSpan(8));
        write(ref writer);
        Amqp10FrameHeader.Write(frame, (uint)(8 + writer.Written), type, channel);
        await SendAsync(frame[..(8 + writer.Written)]);
    }

    public async Task SendAsync(byte[] bytes) => await _stream!.WriteAsync(bytes);

    /// <summary>The next non-empty frame's body, or null if the client closed the socket first; <paramref name="emptyFrames"/> counts heartbeats passed over.</summary>
    public async Task<byte[]?> TryReadFrameAsync(StrongBox<int>? emptyFrames = null)
    {
        while (true)
        {
            ReadResult result = await _input!.ReadAsync();
            ReadOnlySequence<byte> buffer = result.Buffer;
            byte[]? body = null;
            while (body is null && Amqp10FrameReader.TryReadFrame(ref buffer, 1 << 20, out Amqp10Frame frame))
            {
                if (frame.IsEmpty)
                {
                    if (emptyFrames is not null) emptyFrames.Value++;
                    continue;
                }

                body = frame.Body.ToArray();
            }

            if (body is not null)
            {
                _input.AdvanceTo(buffer.Start);
                return body;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) return null;
        }
    }

    public async Task<byte[]> ReadFrameAsync() => await TryReadFrameAsync() ?? throw new InvalidOperationException("the client closed the socket");

    /// <summary>Reads frames until a close, and returns it.</summary>
    public async Task<Amqp10Close> ReadCloseAsync()
    {
        while (true)
        {
            byte[] body = await ReadFrameAsync();
            var reader = new Amqp10Reader(body);
            if (new Amqp10Reader(body).ReadDescriptorCode() == Amqp10Descriptors.Close) return Amqp10Close.Read(ref reader);
        }
    }

    private async Task ExpectHeaderAsync(byte id)
    {
        while (true)
        {
            ReadResult result = await _input!.ReadAsync();
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (Amqp10ProtocolHeader.TryRead(ref buffer, id))
            {
                _input.AdvanceTo(buffer.Start);
                return;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) throw new InvalidOperationException("the client closed the socket before its protocol header");
        }
    }

    /// <summary>
    /// Reads and drops everything the client sends until it closes the socket (or the peer is disposed): a sink for the
    /// allocation guards, allocating nothing per read once warm.
    /// </summary>
    public async Task DiscardAsync()
    {
        try
        {
            while (true)
            {
                ReadResult result = await _input!.ReadAsync();
                _input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) return;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The socket went away: nothing left to drop.
        }
    }

    /// <summary>
    /// Accepts every transfer the client sends from now on (call it once only transfers are left to come, of messages
    /// that fit one frame, on link handle 0): one disposition per read, settling what arrived, and with
    /// <paramref name="credit"/> set a flow after it that grants that much credit again, as a broker does. Delivery ids
    /// go up from 0. It allocates nothing itself, for the allocation guards.
    /// </summary>
    public async Task AcceptTransfersAsync(ushort channel = 0, uint? credit = null)
    {
        byte[] frame = new byte[128];
        uint next = 0;
        try
        {
            while (true)
            {
                ReadResult result = await _input!.ReadAsync();
                (uint transfers, SequencePosition consumed) = CountTransfers(result.Buffer);
                _input.AdvanceTo(consumed, result.Buffer.End);
                if (transfers > 0)
                {
                    var writer = new Amqp10Writer(frame.AsSpan(8));
                    new Amqp10Disposition
                    {
                        Role = Amqp10Role.Receiver, First = next, Last = next + transfers - 1, Settled = true, State = Amqp10DeliveryState.Accepted,
                    }.Write(ref writer);
                    int length = 8 + writer.Written;
                    Amqp10FrameHeader.Write(frame, (uint)length, Amqp10FrameType.Amqp, channel);
                    next += transfers;
                    if (credit is { } granted)
                    {
                        writer = new Amqp10Writer(frame.AsSpan(length + 8));
                        new Amqp10Flow
                        {
                            NextIncomingId = next, IncomingWindow = uint.MaxValue, NextOutgoingId = 0, OutgoingWindow = 100,
                            Handle = 0, DeliveryCount = next, LinkCredit = granted,
                        }.Write(ref writer);
                        Amqp10FrameHeader.Write(frame.AsSpan(length), (uint)(8 + writer.Written), Amqp10FrameType.Amqp, channel);
                        length += 8 + writer.Written;
                    }

                    await _stream!.WriteAsync(frame.AsMemory(0, length));
                }

                if (result.IsCompleted) return;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The socket went away: nothing left to accept.
        }
    }

    /// <summary>The whole frames at the start of <paramref name="buffer"/> that are not empty (heartbeats), and where they end.</summary>
    private static (uint Transfers, SequencePosition End) CountTransfers(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        uint transfers = 0;
        SequencePosition end = buffer.Start;
        while (reader.TryReadBigEndian(out int size) && reader.Remaining >= size - 4)
        {
            reader.Advance(size - 4);
            if (size > 8) transfers++;
            end = reader.Position;
        }

        return (transfers, end);
    }

    /// <summary>Resets the client's connection (RST, as a crashed broker's host would); <see cref="AcceptAsync"/> takes its next one.</summary>
    public async Task DropConnectionAsync()
    {
        _socket!.LingerState = new LingerOption(true, 0);
        await _input!.CompleteAsync(); // closes the stream and the socket
        _socket.Dispose();
        (_socket, _stream, _input) = (null, null, null);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        if (_input is not null) await _input.CompleteAsync();
        if (_stream is not null) await _stream.DisposeAsync();
        _socket?.Dispose();
    }
}
