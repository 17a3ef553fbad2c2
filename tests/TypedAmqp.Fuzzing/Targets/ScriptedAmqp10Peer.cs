using System.Buffers;
using System.IO.Pipelines;
using TypedAmqp.Amqp10;
using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Seeds;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// The peer side of one fuzzed AMQP 1.0 connection, over two in-memory pipes. It answers the client's setup correctly
/// (SASL ANONYMOUS, open, begin, one attach per link, credit for the client's sender), waits until the client has sent
/// <see cref="Amqp10ConnectionScenario.Sends"/> transfers, then sends the input's stream cut into its read size, and
/// ends the stream (after a valid close when the input asks for one): a client still in step closes on that.
/// </summary>
/// <remarks>
/// The peer's channel is 0 and its handles are fixed, so that seeds can address them: <see cref="ReceivingHandle"/>
/// is the link that receives the client's sends, <see cref="SendingHandle"/> the one that delivers to the client.
/// </remarks>
internal sealed class ScriptedAmqp10Peer
{
    public const ushort Channel = 0;
    public const uint ReceivingHandle = 0;
    public const uint SendingHandle = 1;
    public const uint CreditForClient = 10;

    private static readonly byte[] FinalClose = new Amqp10Frames().Close(new Amqp10Close { Error = new Amqp10Error("amqp:connection:forced", "the fuzz input ended") }).ToArray();

    // No back-pressure towards the peer: it stops reading once it feeds, and the client's settlements must not block.
    private readonly Pipe _toClient = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _toPeer = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly byte[] _input;

    public ScriptedAmqp10Peer(byte[] input)
    {
        _input = input;
        ClientTransport = new PipeTransport(_toClient.Reader, _toPeer.Writer);
    }

    public IAmqp10Transport ClientTransport { get; }

    /// <summary>Answers the setup, then feeds the input and ends the stream; returns once it has.</summary>
    public async Task ServeAsync(CancellationToken cancellationToken)
    {
        PipeReader fromClient = _toPeer.Reader;
        var stage = Stage.SaslHeader;
        int transfers = 0;
        while (transfers < Amqp10ConnectionScenario.Sends)
        {
            ReadResult result = await fromClient.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            while (transfers < Amqp10ConnectionScenario.Sends)
            {
                if (stage is Stage.SaslHeader or Stage.AmqpHeader)
                {
                    if (!Amqp10ProtocolHeader.TryRead(ref buffer, stage == Stage.SaslHeader ? Amqp10ProtocolHeader.SaslId : Amqp10ProtocolHeader.AmqpId)) break;
                    await SendAsync(stage == Stage.SaslHeader ? Amqp10ProtocolHeader.Sasl.ToArray() : Amqp10ProtocolHeader.Amqp.ToArray(), cancellationToken);
                    if (stage == Stage.SaslHeader) await SendAsync(new Amqp10Frames().Sasl(new Amqp10SaslMechanisms { Mechanisms = ["ANONYMOUS"] }), cancellationToken);
                    stage++;
                    continue;
                }

                if (!Amqp10FrameReader.TryReadFrame(ref buffer, uint.MaxValue, out Amqp10Frame frame)) break;
                if (stage == Stage.Sasl)
                {
                    await SendAsync(new Amqp10Frames().Sasl(new Amqp10SaslOutcome { Code = Amqp10SaslCode.Ok }), cancellationToken);
                    stage = Stage.AmqpHeader;
                    continue;
                }

                if (frame.IsEmpty) continue;
                byte[] body = frame.Body.ToArray();
                if (Answer(frame.Channel, body) is { } reply) await SendAsync(reply, cancellationToken);
                if (IsTransfer(body)) transfers++;
            }

            fromClient.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) throw new FuzzOracleException("The client ended its side of the connection during the setup.");
        }

        await FeedAsync(cancellationToken);
    }

    /// <summary>Ends both directions, once the client is disposed or abandoned.</summary>
    public void Complete()
    {
        _toClient.Writer.Complete();
        _toClient.Reader.Complete();
        _toPeer.Reader.Complete();
        _toPeer.Writer.Complete();
    }

    private static Amqp10Frames? Answer(ushort clientChannel, byte[] body)
    {
        var reader = new Amqp10Reader(body);
        Amqp10Reader peek = reader;
        switch (peek.ReadDescriptorCode())
        {
            case Amqp10Descriptors.Open:
                return new Amqp10Frames().Open(new Amqp10Open { ContainerId = "fuzz-peer", MaxFrameSize = 64 * 1024, ChannelMax = 15 });
            case Amqp10Descriptors.Begin:
                return new Amqp10Frames().Begin(Channel, new Amqp10Begin { RemoteChannel = clientChannel, NextOutgoingId = 0, IncomingWindow = 1000, OutgoingWindow = 1000, HandleMax = 15 });
            case Amqp10Descriptors.Attach:
                Amqp10Attach attach = Amqp10Attach.Read(ref reader);
                if (attach.Role == Amqp10Role.Sender)
                {
                    return new Amqp10Frames()
                        .Attach(Channel, new Amqp10Attach
                        {
                            Name = attach.Name, Handle = ReceivingHandle, Role = Amqp10Role.Receiver, SenderSettleMode = attach.SenderSettleMode,
                            ReceiverSettleMode = Amqp10ReceiverSettleMode.First, Source = attach.Source, Target = attach.Target,
                        })
                        .Flow(Channel, new Amqp10Flow
                        {
                            NextIncomingId = 0, IncomingWindow = 1000, NextOutgoingId = 0, OutgoingWindow = 1000,
                            Handle = ReceivingHandle, DeliveryCount = 0, LinkCredit = CreditForClient,
                        });
                }

                return new Amqp10Frames().Attach(Channel, new Amqp10Attach
                {
                    Name = attach.Name, Handle = SendingHandle, Role = Amqp10Role.Sender, SenderSettleMode = attach.SenderSettleMode,
                    ReceiverSettleMode = Amqp10ReceiverSettleMode.First, Source = attach.Source, Target = attach.Target, InitialDeliveryCount = 0,
                });
            default:
                return null; // flows and the client's transfers need no answer during the setup
        }
    }

    private static bool IsTransfer(byte[] body)
    {
        var reader = new Amqp10Reader(body);
        return reader.ReadDescriptorCode() == Amqp10Descriptors.Transfer;
    }

    private Task FeedAsync(CancellationToken cancellationToken) => InputFeed.WriteAsync(_toClient.Writer, _input, FinalClose, cancellationToken);

    private ValueTask<FlushResult> SendAsync(Amqp10Frames frames, CancellationToken cancellationToken) => SendAsync(frames.ToArray(), cancellationToken);

    private ValueTask<FlushResult> SendAsync(byte[] bytes, CancellationToken cancellationToken) => _toClient.Writer.WriteAsync(bytes, cancellationToken);

    private enum Stage
    {
        SaslHeader,
        Sasl,
        AmqpHeader,
        Amqp,
    }

    /// <summary>
    /// The client's end of the pipes. Disposing wakes a read or flush waiting on it, as closing a socket would; the
    /// pipes themselves are completed by <see cref="Complete"/>, once the client no longer uses them.
    /// </summary>
    private sealed class PipeTransport(PipeReader input, PipeWriter output) : IAmqp10Transport
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;

        public ValueTask DisposeAsync()
        {
            Input.CancelPendingRead();
            Output.CancelPendingFlush();
            return ValueTask.CompletedTask;
        }
    }
}
