using System.Buffers;
using System.Buffers.Binary;

namespace TypedAmqp.Amqp091.Protocol;

/// <summary>Cuts frames out of the bytes a <c>PipeReader</c> delivered, without copying them.</summary>
internal static class FrameReader
{
    /// <summary>
    /// Reads one frame if the buffer holds a whole one, and moves <paramref name="buffer"/> past it.
    /// Returns false when more bytes are needed. Throws <see cref="AmqpProtocolException"/> (501) for a frame larger
    /// than <paramref name="frameMax"/>, a wrong frame-end octet or an unknown frame type.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, uint frameMax, out Frame frame)
    {
        frame = default;
        if (buffer.Length < FrameConstants.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[FrameConstants.HeaderSize];
        buffer.Slice(0, FrameConstants.HeaderSize).CopyTo(header);
        byte type = header[0];
        ushort channel = BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
        uint payloadSize = BinaryPrimitives.ReadUInt32BigEndian(header[3..]);

        if (type is not (FrameType.Method or FrameType.ContentHeader or FrameType.ContentBody or FrameType.Heartbeat))
        {
            throw new AmqpProtocolException(ReplyCode.FrameError, $"Malformed frame: unknown frame type {type} on channel {channel}.");
        }

        if ((ulong)payloadSize + FrameConstants.Overhead > frameMax)
        {
            throw new AmqpProtocolException(
                ReplyCode.FrameError,
                $"Malformed frame: a frame of {(ulong)payloadSize + FrameConstants.Overhead} bytes on channel {channel} exceeds the negotiated frame_max of {frameMax}.");
        }

        long frameSize = FrameConstants.Overhead + (long)payloadSize;
        if (buffer.Length < frameSize)
        {
            return false;
        }

        byte end = buffer.Slice(frameSize - 1, 1).FirstSpan[0];
        if (end != FrameConstants.FrameEnd)
        {
            throw new AmqpProtocolException(
                ReplyCode.FrameError,
                $"Malformed frame: frame-end octet is 0x{end:X2}, expected 0xCE (frame type {type}, channel {channel}, {payloadSize}-byte payload).");
        }

        frame = new Frame(type, channel, buffer.Slice(FrameConstants.HeaderSize, payloadSize));
        buffer = buffer.Slice(frameSize);
        return true;
    }
}
