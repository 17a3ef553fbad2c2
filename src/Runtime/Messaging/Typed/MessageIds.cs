namespace TypedAmqp.Messaging;

/// <summary>
/// Message and correlation ids. <see cref="Guid.NewGuid"/> asks the kernel for random bytes on every call (a read of
/// the random device on Linux), which profiling showed as one system call per typed publish. These ids need to be
/// unique, not secret, so they come from <see cref="Random.Shared"/> (seeded from the operating system once per
/// thread) and are shaped as version-4 GUIDs.
/// </summary>
/// <remarks>
/// Someone who reads many ids can predict later ones; that is fine for ids, but they must never be used as tokens.
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
}
