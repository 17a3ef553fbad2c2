using System.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// The 8-octet protocol headers of AMQP 1.0 part 2 section 2.2 ("AMQP", protocol id, major 1, minor 0, revision 0):
/// id 0 for AMQP itself, id 3 for the SASL layer (part 5 section 5.3.1) that comes before it.
/// </summary>
internal static class Amqp10ProtocolHeader
{
    public const int Size = 8;

    public const byte AmqpId = 0;

    public const byte SaslId = 3;

    public static ReadOnlySpan<byte> Amqp => "AMQP\u0000\u0001\u0000\u0000"u8;

    public static ReadOnlySpan<byte> Sasl => "AMQP\u0003\u0001\u0000\u0000"u8;

    /// <summary>
    /// Reads the peer's protocol header if all 8 octets are in, and moves past it; false when more are needed. Anything
    /// but <paramref name="expectedId"/> version 1.0.0 is an <see cref="Amqp10ProtocolException"/> naming what the
    /// peer sent (a 0-9-1 broker answers "AMQP 0 0 9 1"; a peer that wants SASL first answers with id 3).
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, byte expectedId)
    {
        if (buffer.Length < Size)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[Size];
        buffer.Slice(0, Size).CopyTo(header);
        ReadOnlySpan<byte> expected = expectedId == SaslId ? Sasl : Amqp;
        if (!header.SequenceEqual(expected))
        {
            string what = header[..4].SequenceEqual("AMQP"u8)
                ? $"protocol id {header[4]} version {header[5]}.{header[6]}.{header[7]}"
                : $"the octets {Convert.ToHexString(header)}";
            throw new Amqp10ProtocolException(
                Amqp10Conditions.FramingError,
                $"expected the protocol header for protocol id {expectedId} version 1.0.0, but the peer sent {what}");
        }

        buffer = buffer.Slice(Size);
        return true;
    }
}
