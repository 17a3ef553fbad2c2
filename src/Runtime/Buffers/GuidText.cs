using System.Buffers.Text;

namespace TypedAmqp.Buffers;

/// <summary>
/// A GUID as TypedAmqp writes it in a short string (the message id): its 16 bytes in RFC 9562 order as 22 unpadded
/// base64url characters, ten fewer than its hex digits.
/// </summary>
internal static class GuidText
{
    /// <summary>The length of the text: 22 characters.</summary>
    public const int Length = 22;

    public static string ToText(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Writes the text as UTF-8 into <paramref name="destination"/> and returns its length (22).</summary>
    public static int WriteUtf8(Guid id, Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return Base64Url.EncodeToUtf8(bytes, destination);
    }

    /// <summary>Reads the text back; false for anything else (null, another length, not base64url).</summary>
    public static bool TryParse(string? text, out Guid id)
    {
        id = default;
        if (text is not { Length: Length }) return false;
        Span<byte> bytes = stackalloc byte[16];
        if (Base64Url.DecodeFromChars(text, bytes, out int consumed, out int written) != System.Buffers.OperationStatus.Done || consumed != Length || written != 16)
        {
            return false;
        }

        id = new Guid(bytes, bigEndian: true);
        return true;
    }
}
