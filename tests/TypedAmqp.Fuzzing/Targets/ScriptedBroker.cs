using System.Buffers;
using System.IO.Pipelines;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Seeds;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// The broker side of one fuzzed connection, over two in-memory pipes. It answers the client's setup correctly
/// (handshake, channel.open, confirm.select, basic.consume), waits until the client has published
/// <see cref="ConnectionScenario.Publishes"/> messages, then sends the input's stream cut into its read size, and ends
/// the stream (after a valid connection.close when the input asks for one): a client still working closes on that.
/// </summary>
internal sealed class ScriptedBroker
{
    /// <summary>The broker's last words after every input; a client that is still in step closes with this code.</summary>
    public const ushort FinalCloseCode = 320;

    private static readonly byte[] FinalClose = new ServerFrames().ConnectionClose(FinalCloseCode, "CONNECTION_FORCED - the fuzz input ended").ToArray();

    private readonly Pipe _toClient = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _toServer = new(new PipeOptions(useSynchronizationContext: false));
    private readonly byte[] _input;

    public ScriptedBroker(byte[] input)
    {
        _input = input;
        ClientTransport = new DuplexPipe(_toClient.Reader, _toServer.Writer);
    }

    public IDuplexPipe ClientTransport { get; }

    /// <summary>Serves the client until its side of the connection ends.</summary>
    public async Task ServeAsync(CancellationToken cancellationToken)
    {
        PipeReader fromClient = _toServer.Reader;
        bool headerRead = false;
        int publishes = 0;
        Task feeding = Task.CompletedTask;
        try
        {
            while (true)
            {
                ReadResult result = await fromClient.ReadAsync(cancellationToken);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (!headerRead && buffer.Length >= FrameConstants.ProtocolHeader.Length)
                {
                    buffer = buffer.Slice(FrameConstants.ProtocolHeader.Length);
                    headerRead = true;
                    await SendAsync(new ServerFrames().Start(), cancellationToken);
                }

                while (headerRead && FrameReader.TryReadFrame(ref buffer, uint.MaxValue, out Frame frame))
                {
                    if (frame.Type != FrameType.Method) continue;
                    uint id = MethodIdOf(frame.Payload);
                    ServerFrames? reply = id switch
                    {
                        MethodId.ConnectionStartOk => new ServerFrames().Tune(heartbeat: 0),
                        MethodId.ConnectionOpen => new ServerFrames().OpenOk(),
                        MethodId.ChannelOpen => new ServerFrames().ChannelOpenOk(frame.Channel),
                        MethodId.ConfirmSelect => new ServerFrames().ConfirmSelectOk(frame.Channel),
                        MethodId.BasicConsume => new ServerFrames().ConsumeOk(frame.Channel, ConnectionScenario.ConsumerTag),
                        _ => null,
                    };
                    if (reply is not null) await SendAsync(reply, cancellationToken);

                    // Once the publishes are out, the client is in the state the input was written for. From here on
                    // only the feed writes to the client, so nothing is answered any more.
                    if (id == MethodId.BasicPublish && ++publishes == ConnectionScenario.Publishes) feeding = FeedAsync(cancellationToken);
                }

                fromClient.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) break;
            }
        }
        finally
        {
            await fromClient.CompleteAsync();
        }

        await feeding;
    }

    /// <summary>Ends both directions, so a client left waiting on the broker fails instead of waiting on.</summary>
    public void Abort()
    {
        _toClient.Writer.Complete();
        _toServer.Reader.Complete();
    }

    private Task FeedAsync(CancellationToken cancellationToken) => InputFeed.WriteAsync(_toClient.Writer, _input, FinalClose, cancellationToken);

    private async ValueTask SendAsync(ServerFrames frames, CancellationToken cancellationToken) =>
        await _toClient.Writer.WriteAsync(frames.ToArray(), cancellationToken);

    private static uint MethodIdOf(ReadOnlySequence<byte> payload)
    {
        Span<byte> ids = stackalloc byte[4];
        payload.Slice(0, 4).CopyTo(ids);
        return MethodId.Of((ushort)(ids[0] << 8 | ids[1]), (ushort)(ids[2] << 8 | ids[3]));
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
