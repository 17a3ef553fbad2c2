namespace TypedAmqp.Fuzzing.Engine;

/// <summary>
/// The layout every target's input shares: byte 0 is the read size the stream is cut into (0: one read of everything,
/// 1: a read per byte, so every frame is split at every boundary), the bytes after it are the broker's stream.
/// Keeping the cut inside the input makes a saved input reproduce exactly, cut included.
/// </summary>
internal static class InputLayout
{
    public const int PrefixLength = 1;

    public static int ReadSize(byte[] input) => input.Length == 0 ? 0 : input[0];

    public static ReadOnlyMemory<byte> Stream(byte[] input) => input.Length == 0 ? ReadOnlyMemory<byte>.Empty : input.AsMemory(PrefixLength);

    public static byte[] Create(byte readSize, ReadOnlySpan<byte> stream)
    {
        var input = new byte[PrefixLength + stream.Length];
        input[0] = readSize;
        stream.CopyTo(input.AsSpan(PrefixLength));
        return input;
    }
}
