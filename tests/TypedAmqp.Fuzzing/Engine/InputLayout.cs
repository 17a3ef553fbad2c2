namespace TypedAmqp.Fuzzing.Engine;

/// <summary>
/// The layout every target's input shares. Byte 0: its low 7 bits are the read size the stream is cut into (0: one
/// read of everything, 1: a read per byte, so every frame is split at every boundary); its top bit asks the
/// connection target to end with the broker's connection.close rather than just the end of the stream. The bytes
/// after it are the broker's stream. Keeping these inside the input makes a saved input reproduce exactly.
/// </summary>
internal static class InputLayout
{
    public const int PrefixLength = 1;

    /// <summary>The top bit of byte 0.</summary>
    public const byte EndWithCloseFlag = 0x80;

    public static int ReadSize(byte[] input) => input.Length == 0 ? 0 : input[0] & 0x7F;

    public static bool EndsWithClose(byte[] input) => input.Length > 0 && (input[0] & EndWithCloseFlag) != 0;

    public static ReadOnlyMemory<byte> Stream(byte[] input) => input.Length == 0 ? ReadOnlyMemory<byte>.Empty : input.AsMemory(PrefixLength);

    public static byte[] Create(byte prefix, ReadOnlySpan<byte> stream)
    {
        var input = new byte[PrefixLength + stream.Length];
        input[0] = prefix;
        stream.CopyTo(input.AsSpan(PrefixLength));
        return input;
    }
}
