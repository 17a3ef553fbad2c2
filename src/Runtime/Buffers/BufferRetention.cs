using System.Buffers;

namespace TypedAmqp.Buffers;

/// <summary>
/// How large a buffer may be and still be kept for reuse, by its owner or by the shared pool. One very large message
/// must not cost its memory for the life of a thread, a connection or the process: larger arrays are left to the GC.
/// </summary>
internal static class BufferRetention
{
    /// <summary>The largest array kept for reuse (1 MiB).</summary>
    public const int MaxRetainedBytes = 1 << 20;

    /// <summary>Gives <paramref name="buffer"/> back to the shared pool, unless it is empty or larger than <see cref="MaxRetainedBytes"/>.</summary>
    public static void Return(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= MaxRetainedBytes) ArrayPool<byte>.Shared.Return(buffer);
    }
}
