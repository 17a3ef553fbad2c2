using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;

namespace TypedAmqp.Benchmarks.InMemory;

/// <summary>
/// Just enough of a broker, over in-memory pipes, to measure the client's own cost without a network or a real
/// broker: it answers the handshake, channel.open, confirm.select, basic.qos and basic.consume, confirms every
/// publish, and can push pre-encoded deliveries. Its serving loop allocates nothing, so it does not blur the
/// client's allocation figures.
/// </summary>
internal sealed class LoopbackBroker : IAsyncDisposable
{
    // Toward the client, the pipe pauses the writer at 64 KiB like a socket's receive buffer would, so a burst of
    // deliveries arrives in socket-sized portions instead of being buffered whole.
    private readonly Pipe _toClient = new(new PipeOptions(useSynchronizationContext: false, pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024));
    private readonly Pipe _toServer = new(new PipeOptions(useSynchronizationContext: false, pauseWriterThreshold: 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private Task _serving = Task.CompletedTask;
    private ulong _published;

    /// <summary>Connects a client to a new loopback broker.</summary>
    public static async Task<(LoopbackBroker Broker, AmqpConnection Connection)> ConnectAsync()
    {
        var broker = new LoopbackBroker();
        await broker.SendAsync(0, MethodId.ConnectionStart, static (ref AmqpWriter w, ulong _) =>
        {
            w.WriteOctet(0);
            w.WriteOctet(9);
            w.WriteTable(new Dictionary<string, object?> { ["product"] = "LoopbackBroker" });
            w.WriteLongString("PLAIN");
            w.WriteLongString("en_US");
        });
        broker._serving = Task.Run(broker.ServeAsync);
        var options = new AmqpConnectionOptions { Heartbeat = TimeSpan.Zero };
        AmqpConnection connection = await AmqpConnection.ConnectAsync(new DuplexPipe(broker._toClient.Reader, broker._toServer.Writer), null, options, null, CancellationToken.None);
        return (broker, connection);
    }

    /// <summary>Writes pre-encoded frames (such as deliveries) to the client, in portions of at most 16 KiB.</summary>
    public async ValueTask SendRawAsync(ReadOnlyMemory<byte> frames)
    {
        const int Portion = 16 * 1024;
        for (int offset = 0; offset < frames.Length; offset += Portion)
        {
            await _writing.WaitAsync();
            try
            {
                await _toClient.Writer.WriteAsync(frames.Slice(offset, Math.Min(Portion, frames.Length - offset)));
            }
            finally
            {
                _writing.Release();
            }
        }
    }

    private async Task ServeAsync()
    {
        PipeReader input = _toServer.Reader;
        try
        {
            ReadResult header = await input.ReadAtLeastAsync(8, _stop.Token); // "AMQP" 0 0 9 1
            input.AdvanceTo(header.Buffer.GetPosition(8));
            while (true)
            {
                ReadResult result = await input.ReadAsync(_stop.Token);
                ReadOnlySequence<byte> buffer = result.Buffer;
                bool answered = false;
                await _writing.WaitAsync(_stop.Token);
                try
                {
                    while (FrameReader.TryReadFrame(ref buffer, uint.MaxValue, out Frame frame))
                    {
                        if (frame.Type == FrameType.Method) answered |= Answer(frame);
                    }

                    if (answered) await _toClient.Writer.FlushAsync(_stop.Token);
                }
                finally
                {
                    _writing.Release();
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Writes the reply to one client method, if it needs one; returns whether it wrote anything.</summary>
    private bool Answer(Frame frame)
    {
        Span<byte> ids = stackalloc byte[4];
        frame.Payload.Slice(0, 4).CopyTo(ids);
        uint method = MethodId.Of(BinaryPrimitives.ReadUInt16BigEndian(ids), BinaryPrimitives.ReadUInt16BigEndian(ids[2..]));
        PipeWriter output = _toClient.Writer;
        switch (method)
        {
            case MethodId.BasicPublish:
                _published++;
                ulong tag = _published;
                Write(output, frame.Channel, MethodId.BasicAck, tag, static (ref AmqpWriter w, ulong t) =>
                {
                    w.WriteLongLong(t);
                    w.WriteBit(false);
                });
                return true;
            case MethodId.ConnectionStartOk:
                Write(output, 0, MethodId.ConnectionTune, 0UL, static (ref AmqpWriter w, ulong _) =>
                {
                    w.WriteShort(2047);
                    w.WriteLong(131072);
                    w.WriteShort(0);
                });
                return true;
            case MethodId.ConnectionOpen:
                Write(output, 0, MethodId.ConnectionOpenOk, 0UL, static (ref AmqpWriter w, ulong _) => w.WriteShortString(""));
                return true;
            case MethodId.ChannelOpen:
                Write(output, frame.Channel, MethodId.ChannelOpenOk, 0UL, static (ref AmqpWriter w, ulong _) => w.WriteLongString(""));
                return true;
            case MethodId.ConfirmSelect:
                Write(output, frame.Channel, MethodId.ConfirmSelectOk, 0UL, static (ref AmqpWriter _, ulong _) => { });
                return true;
            case MethodId.BasicQos:
                Write(output, frame.Channel, MethodId.BasicQosOk, 0UL, static (ref AmqpWriter _, ulong _) => { });
                return true;
            case MethodId.BasicConsume:
                Write(output, frame.Channel, MethodId.BasicConsumeOk, 0UL, static (ref AmqpWriter w, ulong _) => w.WriteShortString(ConsumerTag));
                return true;
            default:
                return false; // acks, tune-ok and content frames need no answer
        }
    }

    /// <summary>The consumer tag the broker gives every consumer; pre-encoded deliveries must carry it.</summary>
    public const string ConsumerTag = "ctag-loopback";

    private delegate void ArgumentsWriter(ref AmqpWriter writer, ulong value);

    private static void Write(IBufferWriter<byte> output, ushort channel, uint method, ulong value, ArgumentsWriter arguments)
    {
        Span<byte> span = output.GetSpan(512);
        var writer = new AmqpWriter(span[FrameConstants.HeaderSize..]);
        writer.WriteShort((ushort)(method >> 16));
        writer.WriteShort((ushort)method);
        arguments(ref writer, value);
        int size = writer.Position;
        span[0] = FrameType.Method;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], channel);
        BinaryPrimitives.WriteUInt32BigEndian(span[3..], (uint)size);
        span[FrameConstants.HeaderSize + size] = FrameConstants.FrameEnd;
        output.Advance(FrameConstants.HeaderSize + size + 1);
    }

    private async ValueTask SendAsync(ushort channel, uint method, ArgumentsWriter arguments)
    {
        Write(_toClient.Writer, channel, method, 0, arguments);
        await _toClient.Writer.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _serving;
        await _toClient.Writer.CompleteAsync();
        await _toServer.Reader.CompleteAsync();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
