using TypedAmqp.Amqp10;

namespace TypedAmqp.Fuzzing.Seeds;

/// <summary>Builds an AMQP 1.0 peer's byte stream, frame after frame, with the engine's own performative writers.</summary>
internal sealed class Amqp10Frames
{
    private delegate void WriteBody(ref Amqp10Writer writer);

    private readonly MemoryStream _stream = new();

    public Amqp10Frames Sasl(Amqp10SaslMechanisms mechanisms) => Frame(Amqp10FrameType.Sasl, 0, (ref Amqp10Writer w) => mechanisms.Write(ref w));

    public Amqp10Frames Sasl(Amqp10SaslOutcome outcome) => Frame(Amqp10FrameType.Sasl, 0, (ref Amqp10Writer w) => outcome.Write(ref w));

    public Amqp10Frames Open(Amqp10Open open) => Frame(Amqp10FrameType.Amqp, 0, (ref Amqp10Writer w) => open.Write(ref w));

    public Amqp10Frames Begin(ushort channel, Amqp10Begin begin) => Frame(Amqp10FrameType.Amqp, channel, (ref Amqp10Writer w) => begin.Write(ref w));

    public Amqp10Frames Attach(ushort channel, Amqp10Attach attach) => Frame(Amqp10FrameType.Amqp, channel, (ref Amqp10Writer w) => attach.Write(ref w));

    public Amqp10Frames Flow(ushort channel, Amqp10Flow flow) => Frame(Amqp10FrameType.Amqp, channel, (ref Amqp10Writer w) => flow.Write(ref w));

    public Amqp10Frames Disposition(ushort channel, Amqp10Disposition disposition) => Frame(Amqp10FrameType.Amqp, channel, (ref Amqp10Writer w) => disposition.Write(ref w));

    public Amqp10Frames Detach(ushort channel, Amqp10Detach detach) => Frame(Amqp10FrameType.Amqp, channel, (ref Amqp10Writer w) => detach.Write(ref w));

    public Amqp10Frames End(ushort channel, Amqp10End end) => Frame(Amqp10FrameType.Amqp, channel, (ref Amqp10Writer w) => end.Write(ref w));

    public Amqp10Frames Close(Amqp10Close close) => Frame(Amqp10FrameType.Amqp, 0, (ref Amqp10Writer w) => close.Write(ref w));

    public Amqp10Frames Empty()
    {
        _stream.Write(Amqp10FrameHeader.EmptyFrame);
        return this;
    }

    /// <summary>A whole delivery in one transfer frame: the performative, then the message's sections.</summary>
    public Amqp10Frames Transfer(ushort channel, uint handle, uint deliveryId, byte[] tag, Amqp10Message message, bool settled = false) =>
        Frame(Amqp10FrameType.Amqp, channel, (ref Amqp10Writer w) =>
        {
            new Amqp10Transfer { Handle = handle, DeliveryId = deliveryId, DeliveryTag = tag, HasDeliveryTag = true, MessageFormat = 0, Settled = settled }.Write(ref w);
            Amqp10MessageCodec.Write(ref w, message);
        });

    /// <summary>One delivery in transfers of at most <paramref name="pieceSize"/> message bytes each, all but the last with more set.</summary>
    public Amqp10Frames TransferInPieces(ushort channel, uint handle, uint deliveryId, byte[] tag, Amqp10Message message, int pieceSize)
    {
        var encoded = new byte[64 * 1024];
        var writer = new Amqp10Writer(encoded);
        Amqp10MessageCodec.Write(ref writer, message);
        byte[] payload = encoded[..writer.Written];
        for (int offset = 0; offset < payload.Length; offset += pieceSize)
        {
            byte[] piece = payload[offset..Math.Min(payload.Length, offset + pieceSize)];
            bool first = offset == 0;
            bool more = offset + pieceSize < payload.Length;
            Frame(Amqp10FrameType.Amqp, channel, (ref Amqp10Writer w) =>
            {
                new Amqp10Transfer
                {
                    Handle = handle, DeliveryId = first ? deliveryId : null, DeliveryTag = first ? tag : default, HasDeliveryTag = first,
                    MessageFormat = first ? 0 : null, More = more,
                }.Write(ref w);
            }, payloadAfter: piece);
        }

        return this;
    }

    public byte[] ToArray() => _stream.ToArray();

    private Amqp10Frames Frame(byte type, ushort channel, WriteBody write, byte[]? payloadAfter = null)
    {
        var buffer = new byte[64 * 1024];
        var writer = new Amqp10Writer(buffer.AsSpan(Amqp10FrameHeader.Size));
        write(ref writer);
        int size = Amqp10FrameHeader.Size + writer.Written;
        if (payloadAfter is not null)
        {
            payloadAfter.CopyTo(buffer, size);
            size += payloadAfter.Length;
        }

        Amqp10FrameHeader.Write(buffer, (uint)size, type, channel);
        _stream.Write(buffer, 0, size);
        return this;
    }
}
