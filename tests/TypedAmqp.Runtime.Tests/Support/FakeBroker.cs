using System.Buffers;
using System.IO.Pipelines;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Buffers;

namespace TypedAmqp.Tests.Support;

/// <summary>
/// The broker side of an in-memory connection: two pipes, a scripted handshake, and helpers to read the client's
/// frames and send frames back. Lets tests drive the runtime through exact byte sequences, including broken ones.
/// </summary>
internal sealed class FakeBroker : IAsyncDisposable
{
    private readonly BlockPool _blocks = new();
    private readonly Pipe _toClient;
    private readonly Pipe _toServer;
    private ulong _publishesServed;

    public FakeBroker()
    {
        _toClient = new Pipe(new PipeOptions(pool: _blocks, useSynchronizationContext: false));

        // The client's writer thread waits for a paused flush on a signal; resuming it inline (on the thread that reads
        // here) spares the thread pool a queued callback, a small allocation the allocation tests would count.
        _toServer = new Pipe(new PipeOptions(pool: _blocks, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        ClientTransport = new DuplexPipe(_toClient.Reader, _toServer.Writer);
    }

    public IDuplexPipe ClientTransport { get; }

    public PipeReader FromClient => _toServer.Reader;

    public PipeWriter ToClient => _toClient.Writer;

    /// <summary>How many basic.publish frames <see cref="ServeAsync(bool, CancellationToken)"/> has read so far, over all its runs.</summary>
    public ulong PublishesServed => Volatile.Read(ref _publishesServed);

    public ushort ChannelMax { get; set; } = 2047;

    public uint FrameMax { get; set; } = 131072;

    public ushort Heartbeat { get; set; }

    /// <summary>Connects a client through the standard handshake and returns it with the broker ready for more.</summary>
    public static async Task<(FakeBroker Broker, AmqpConnection Connection)> ConnectAsync(Action<AmqpConnectionOptions>? configure = null)
    {
        var broker = new FakeBroker();
        var options = new AmqpConnectionOptions { Heartbeat = TimeSpan.Zero, ConnectionTimeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(options);
        Task<AmqpConnection> connecting = AmqpConnection.ConnectAsync(broker.ClientTransport, null, options, null, CancellationToken.None).AsTask();
        await broker.RunHandshakeAsync();
        return (broker, await connecting);
    }

    public async Task RunHandshakeAsync()
    {
        byte[] header = await ReadBytesAsync(8);
        Assert.Equal(FrameConstants.ProtocolHeader.ToArray(), header);
        await SendMethodAsync(0, new ServerMethod(MethodId.ConnectionStart, static (ref AmqpWriter w) =>
        {
            w.WriteOctet(0);
            w.WriteOctet(9);
            w.WriteTable(new Dictionary<string, object?> { ["product"] = "FakeBroker" });
            w.WriteLongString("PLAIN AMQPLAIN");
            w.WriteLongString("en_US");
        }));
        await ExpectMethodAsync(MethodId.ConnectionStartOk);
        ushort channelMax = ChannelMax;
        uint frameMax = FrameMax;
        ushort heartbeat = Heartbeat;
        await SendMethodAsync(0, new ServerMethod(MethodId.ConnectionTune, (ref AmqpWriter w) =>
        {
            w.WriteShort(channelMax);
            w.WriteLong(frameMax);
            w.WriteShort(heartbeat);
        }));
        await ExpectMethodAsync(MethodId.ConnectionTuneOk);
        await ExpectMethodAsync(MethodId.ConnectionOpen);
        await SendMethodAsync(0, new ServerMethod(MethodId.ConnectionOpenOk, static (ref AmqpWriter w) => w.WriteShortString("")));
    }

    /// <summary>Opens a channel on the client and answers its channel.open.</summary>
    public async Task<AmqpChannel> OpenChannelAsync(AmqpConnection connection)
    {
        Task<AmqpChannel> opening = connection.OpenChannelAsync().AsTask();
        await AnswerChannelOpenAsync();
        return await opening;
    }

    /// <summary>Opens a channel on the client and puts it in confirm mode, answering both.</summary>
    public async Task<AmqpChannel> OpenConfirmChannelAsync(AmqpConnection connection)
    {
        AmqpChannel channel = await OpenChannelAsync(connection);
        Task selecting = channel.ConfirmSelectAsync().AsTask();
        await AnswerConfirmSelectAsync();
        await selecting;
        return channel;
    }

    /// <summary>Waits for the client's channel.open (whoever sent it) and answers it.</summary>
    public async Task AnswerChannelOpenAsync()
    {
        ReceivedFrame open = await ExpectMethodAsync(MethodId.ChannelOpen);
        await SendMethodAsync(open.Channel, new ServerMethod(MethodId.ChannelOpenOk, static (ref AmqpWriter w) => w.WriteLongString("")));
    }

    /// <summary>Waits for the client's confirm.select and answers it.</summary>
    public async Task AnswerConfirmSelectAsync()
    {
        ReceivedFrame select = await ExpectMethodAsync(MethodId.ConfirmSelect);
        await SendMethodAsync(select.Channel, new ServerMethod(MethodId.ConfirmSelectOk));
    }

    public async Task SendMethodAsync<TMethod>(ushort channel, TMethod method) where TMethod : struct, IOutgoingMethod
    {
        FrameWriter.WriteMethod(ToClient, channel, method);
        await ToClient.FlushAsync();
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await ToClient.WriteAsync(bytes);
    }

    /// <summary>Encodes frames with the runtime's writer into a byte array, for replaying them.</summary>
    public static byte[] Encode(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public async Task<ReceivedFrame> ReadFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            ReadResult result = await FromClient.ReadAsync(cts.Token);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (FrameReader.TryReadFrame(ref buffer, uint.MaxValue, out Frame frame))
            {
                var received = new ReceivedFrame(frame.Type, frame.Channel, frame.Payload.ToArray());
                FromClient.AdvanceTo(buffer.Start);
                return received;
            }

            FromClient.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) throw new EndOfStreamException("The client closed its side.");
        }
    }

    /// <summary>Reads frames until a method frame (skipping heartbeats) and checks its id.</summary>
    public async Task<ReceivedFrame> ExpectMethodAsync(uint expected)
    {
        while (true)
        {
            ReceivedFrame frame = await ReadFrameAsync();
            if (frame.Type == FrameType.Heartbeat) continue;
            Assert.Equal(FrameType.Method, frame.Type);
            Assert.True(expected == frame.MethodId, $"expected {MethodId.NameOf(expected)} but got {MethodId.NameOf(frame.MethodId)}");
            return frame;
        }
    }

    public async Task<byte[]> ReadBytesAsync(int count)
    {
        while (true)
        {
            ReadResult result = await FromClient.ReadAsync();
            if (result.Buffer.Length >= count)
            {
                byte[] bytes = result.Buffer.Slice(0, count).ToArray();
                FromClient.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }

            FromClient.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted) throw new EndOfStreamException();
        }
    }

    /// <summary>
    /// Reads the client's frames until cancelled, answering each basic.publish with a basic.ack when
    /// <paramref name="confirm"/> is set. Allocation-free, so allocation tests can run it beside the client.
    /// </summary>
    public Task ServeAsync(bool confirm, CancellationToken cancellationToken) => ServeAsync(confirm, TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// <see cref="ServeAsync(bool, CancellationToken)"/> for a slow broker: it blocks for <paramref name="pausePerRead"/>
    /// after every read, so a fast publisher keeps running into the writer's high watermark.
    /// </summary>
    public async Task ServeAsync(bool confirm, TimeSpan pausePerRead, CancellationToken cancellationToken)
    {
        ulong published = 0;
        try
        {
            while (true)
            {
                ReadResult result = await FromClient.ReadAsync(cancellationToken);
                ReadOnlySequence<byte> buffer = result.Buffer;
                int acks = 0;
                while (FrameReader.TryReadFrame(ref buffer, uint.MaxValue, out Frame frame))
                {
                    if (frame.Type == FrameType.Method && IsPublish(frame.Payload))
                    {
                        published++;
                        Interlocked.Increment(ref _publishesServed);
                        if (!confirm) continue;
                        WriteAck(ToClient, frame.Channel, published);
                        acks++;
                    }
                }

                FromClient.AdvanceTo(buffer.Start, buffer.End);
                if (pausePerRead > TimeSpan.Zero) Thread.Sleep(pausePerRead); // not Task.Delay: a timer per read would be counted as the client's allocation
                if (acks > 0) await ToClient.FlushAsync(cancellationToken);
                if (result.IsCompleted) return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsPublish(ReadOnlySequence<byte> payload)
    {
        Span<byte> ids = stackalloc byte[4];
        payload.Slice(0, 4).CopyTo(ids);
        return ids[1] == 60 && ids[3] == 40;
    }

    private static void WriteAck(IBufferWriter<byte> output, ushort channel, ulong deliveryTag)
    {
        Span<byte> span = output.GetSpan(FrameConstants.Overhead + 13);
        var writer = new AmqpWriter(span);
        writer.WriteOctet(FrameType.Method);
        writer.WriteShort(channel);
        writer.WriteLong(13);
        writer.WriteShort(60);
        writer.WriteShort(80);
        writer.WriteLongLong(deliveryTag);
        writer.WriteOctet(0);
        writer.WriteOctet(FrameConstants.FrameEnd);
        output.Advance(writer.Position);
    }

    /// <summary>
    /// Serves a real client connected over <paramref name="stream"/> (a socket, TLS over one) instead of
    /// <see cref="ClientTransport"/>: what the client sends there arrives at <see cref="FromClient"/>, what is written
    /// to <see cref="ToClient"/> goes there. Ends when either side ends.
    /// </summary>
    public async Task RelayAsync(Stream stream)
    {
        PipeWriter fromClient = _toServer.Writer;
        PipeReader toClient = _toClient.Reader;
        Task up = Task.Run(async () =>
        {
            try
            {
                await stream.CopyToAsync(fromClient);
                await fromClient.CompleteAsync();
            }
            catch (Exception ex)
            {
                await fromClient.CompleteAsync(ex);
            }
        });
        Task down = Task.Run(async () =>
        {
            try
            {
                await toClient.CopyToAsync(stream);
            }
            catch (Exception)
            {
                // The client went away first.
            }

            await stream.DisposeAsync();
        });
        await Task.WhenAll(up, down);
    }

    public async ValueTask DisposeAsync()
    {
        await _toClient.Writer.CompleteAsync();
        await _toServer.Reader.CompleteAsync();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}

/// <summary>A frame the client sent, copied out of the pipe.</summary>
internal sealed record ReceivedFrame(byte Type, ushort Channel, byte[] Payload)
{
    public uint MethodId => Type == FrameType.Method ? global::TypedAmqp.Amqp091.Protocol.MethodId.Of((ushort)((Payload[0] << 8) | Payload[1]), (ushort)((Payload[2] << 8) | Payload[3])) : 0;

    public AmqpReader Arguments() => new(new ReadOnlySequence<byte>(Payload, 4, Payload.Length - 4));
}
