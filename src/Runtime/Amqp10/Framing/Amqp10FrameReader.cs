using System.Buffers;
using System.Buffers.Binary;

namespace TypedAmqp.Amqp10;

/// <summary>Cuts AMQP 1.0 frames out of the bytes a <c>PipeReader</c> delivered, without copying them.</summary>
internal static class Amqp10FrameReader
{
    /// <summary>
    /// Reads one frame if the buffer holds a whole one, and moves <paramref name="buffer"/> past it; false when more
    /// bytes are needed. A frame larger than <paramref name="maxFrameSize"/> (the size this side announced in its open),
    /// smaller than its header, with a data offset under 2 or past the frame's end, or of an unknown type is an
    /// <see cref="Amqp10ProtocolException"/> with <c>amqp:connection:framing-error</c>: the size is checked as soon as
    /// the header is in, so an oversized claim is refused before its bytes are waited for.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, uint maxFrameSize, out Amqp10Frame frame)
    {
        frame = default;
        if (buffer.Length < Amqp10FrameHeader.Size)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[Amqp10FrameHeader.Size];
        buffer.Slice(0, Amqp10FrameHeader.Size).CopyTo(header);
        uint size = BinaryPrimitives.ReadUInt32BigEndian(header);
        byte dataOffset = header[4];
        byte type = header[5];
        ushort channel = BinaryPrimitives.ReadUInt16BigEndian(header[6..]);

        if (size < Amqp10FrameHeader.Size)
        {
            throw Framing($"a frame size of {size} is smaller than the 8-octet frame header (channel {channel})");
        }

        if (size > maxFrameSize)
        {
            throw Framing($"a frame of {size} octets on channel {channel} exceeds the max-frame-size of {maxFrameSize}");
        }

        if (dataOffset < 2 || dataOffset * 4u > size)
        {
            throw Framing($"a data offset of {dataOffset} (x4 octets) does not fit a frame of {size} octets (channel {channel}); it must be at least 2");
        }

        if (type is not (Amqp10FrameType.Amqp or Amqp10FrameType.Sasl))
        {
            throw Framing($"unknown frame type 0x{type:x2} on channel {channel}");
        }

        if (buffer.Length < size)
        {
            return false;
        }

        // The extended header (octets 8 to DOFF*4) has no defined use; it is skipped.
        frame = new Amqp10Frame(type, channel, buffer.Slice(dataOffset * 4, size - dataOffset * 4u));
        buffer = buffer.Slice(size);
        return true;
    }

    private static Amqp10ProtocolException Framing(string message) => new(Amqp10Conditions.FramingError, message);
}
