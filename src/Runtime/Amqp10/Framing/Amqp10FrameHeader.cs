using System.Buffers.Binary;

namespace TypedAmqp.Amqp10;

/// <summary>
/// The 8-octet frame header of AMQP 1.0 part 2 section 2.3.1: SIZE (the whole frame, header included), DOFF (where the
/// body starts, in 4-octet words, at least 2), TYPE and the type-specific channel.
/// </summary>
internal static class Amqp10FrameHeader
{
    public const int Size = 8;

    /// <summary>The data offset this engine writes: no extended header.</summary>
    public const byte DataOffset = 2;

    /// <summary>The smallest max-frame-size a peer may ask for (MIN-MAX-FRAME-SIZE, part 2 section 2.7.1).</summary>
    public const uint MinMaxFrameSize = 512;

    /// <summary>An empty AMQP frame on channel 0: the heartbeat.</summary>
    public static ReadOnlySpan<byte> EmptyFrame => [0, 0, 0, 8, DataOffset, Amqp10FrameType.Amqp, 0, 0];

    /// <summary>Writes a header without extended header for a frame of <paramref name="frameSize"/> octets in all.</summary>
    public static void Write(Span<byte> destination, uint frameSize, byte type, ushort channel)
    {
        if (frameSize < Size) throw new ArgumentOutOfRangeException(nameof(frameSize), frameSize, "A frame is at least its 8-octet header.");
        BinaryPrimitives.WriteUInt32BigEndian(destination, frameSize);
        destination[4] = DataOffset;
        destination[5] = type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], channel);
    }
}
