namespace TypedAmqp.Messaging;

/// <summary>
/// How a transport's received properties are read. <see cref="MessageProperties"/> pairs a reader with the bytes it
/// reads, so a property is decoded in place, on demand, whatever the protocol: AMQP 0-9-1's reader is one stateless
/// instance over each content header's property list. A transport that decodes its properties up front can be its
/// own reader per message and ignore the bytes.
/// </summary>
internal abstract class MessagePropertiesReader
{
    /// <summary>A text property, or null when absent.</summary>
    public abstract string? GetString(ReadOnlyMemory<byte> encoded, MessageProperty property);

    /// <summary>A text property as UTF-8 bytes in place; empty when absent (or, in a protocol where it may be another type, not text).</summary>
    public abstract ReadOnlySpan<byte> GetUtf8(ReadOnlyMemory<byte> encoded, MessageProperty property);

    /// <summary>The application headers decoded into a new dictionary, or null when absent.</summary>
    public abstract Dictionary<string, object?>? GetHeaders(ReadOnlyMemory<byte> encoded);

    /// <summary>Null when the headers are absent or can be read, else what is wrong with them.</summary>
    public abstract string? ValidateHeaders(ReadOnlyMemory<byte> encoded);

    /// <summary>Whether the message is durable (0-9-1: delivery mode 2), or null when not said.</summary>
    public abstract bool? GetPersistent(ReadOnlyMemory<byte> encoded);

    /// <summary>The priority, or null.</summary>
    public abstract byte? GetPriority(ReadOnlyMemory<byte> encoded);

    /// <summary>When the message was created, or null (also when outside <see cref="DateTimeOffset"/>'s range).</summary>
    public abstract DateTimeOffset? GetTimestamp(ReadOnlyMemory<byte> encoded);

    /// <summary>The message's time to live, or null (also when the protocol's value is not a valid one).</summary>
    public abstract TimeSpan? GetTimeToLive(ReadOnlyMemory<byte> encoded);
}
