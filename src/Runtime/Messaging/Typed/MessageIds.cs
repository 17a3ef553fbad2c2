using TypedAmqp.Buffers;

namespace TypedAmqp.Messaging;

/// <summary>
/// Message and correlation ids. <see cref="Guid.NewGuid"/> asks the kernel for random bytes on every call (a read of
/// the random device on Linux), which profiling showed as one system call per typed publish. These ids need to be
/// unique, not secret, so they come from <see cref="Random.Shared"/> (seeded from the operating system once per
/// thread) and are shaped as version-4 GUIDs.
/// </summary>
/// <remarks>
/// <para>
/// Someone who reads many ids can predict later ones; that is fine for ids, but they must never be used as tokens.
/// </para>
/// <para>
/// On the wire an id is the GUID's 16 bytes (in RFC 9562 order) as 22 base64url characters (<see cref="ToText"/>), not
/// its 32 hex digits: every message carries one, and RabbitMQ handles a message whose property block passes 64 bytes at
/// a measurably higher cost per message (see docs/benchmarks.md), so the ten bytes saved keep more messages under it.
/// </para>
/// </remarks>
public static class MessageIds
{
    /// <summary>A new random (version 4) GUID, made without a system call.</summary>
    public static Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, in the high nibble of the third field
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes);
    }

    /// <summary>The id as it goes on the wire: 22 base64url characters (unpadded) for the GUID's 16 bytes.</summary>
    public static string ToText(Guid id) => GuidText.ToText(id);

    /// <summary>Reads an id in <see cref="ToText"/>'s form back; false for anything else (null, another length, not base64url).</summary>
    internal static bool TryParse(string? text, out Guid id) => GuidText.TryParse(text, out id);
}
