using System.Text;

namespace TypedAmqp.Buffers;

/// <summary>
/// The short ASCII strings a thread decoded lately, to hand out again instead of a new copy: a stream of messages
/// carries the same annotation keys, content type, exchange and routing key in every message, and decoding each anew
/// allocated a string per field per message. A string that is not found costs what decoding it always cost, and
/// replaces the one in its slot; nothing else is kept (no copy of the bytes), so unique strings (message ids) cost
/// nothing extra.
/// </summary>
internal static class RecentStrings
{
    private const int Slots = 64; // a power of two
    private const int MaxLength = 64;

    [ThreadStatic]
    private static string?[]? t_slots;

    /// <summary>The string for <paramref name="utf8"/>: one decoded lately on this thread when it is the same, else a new one.</summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return string.Empty;
        if (utf8.Length > MaxLength) return Encoding.UTF8.GetString(utf8);
        string?[] slots = t_slots ??= new string?[Slots];
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        ref string? slot = ref slots[hash.ToHashCode() & (Slots - 1)];

        // Equal only when every byte is ASCII and matches the cached string's char: a non-ASCII string is never cached.
        if (slot is { } cached && cached.Length == utf8.Length && Ascii.Equals(utf8, cached)) return cached;
        string text = Encoding.UTF8.GetString(utf8);
        if (Ascii.IsValid(utf8)) slot = text;
        return text;
    }
}
