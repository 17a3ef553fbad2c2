using System.Text;

namespace TypedAmqp.Messaging;

/// <summary>
/// The properties of a received message, whatever the protocol it came by, read on demand from the bytes it arrived
/// in: looking at a property costs nothing until it is asked for, and the <c>…Utf8</c> accessors never allocate.
/// Valid as long as the message it came with. The default value has no properties.
/// </summary>
/// <remarks>
/// Each property means the same in AMQP 0-9-1 and AMQP 1.0; the 0-9-1 client's full property set (delivery mode,
/// expiration text, cluster id) is <c>ToBasicProperties()</c> in <c>TypedAmqp.Amqp091</c>.
/// </remarks>
public readonly struct MessageProperties
{
    private readonly MessagePropertiesReader? _reader;
    private readonly ReadOnlyMemory<byte> _encoded;

    /// <summary>Pairs a transport's received properties with the reader that reads them.</summary>
    internal MessageProperties(MessagePropertiesReader reader, ReadOnlyMemory<byte> encoded)
    {
        _reader = reader;
        _encoded = encoded;
    }

    /// <summary>The reader of <see cref="Encoded"/>; null for the default value.</summary>
    internal MessagePropertiesReader? Reader => _reader;

    /// <summary>The properties as the transport received them.</summary>
    internal ReadOnlyMemory<byte> Encoded => _encoded;

    /// <summary>MIME content type, or null.</summary>
    public string? ContentType => GetString(MessageProperty.ContentType);

    /// <summary>MIME content encoding, or null.</summary>
    public string? ContentEncoding => GetString(MessageProperty.ContentEncoding);

    /// <summary>Application headers (AMQP 1.0: application properties), decoded into a new dictionary on each call; null when absent.</summary>
    public Dictionary<string, object?>? Headers => _reader?.GetHeaders(_encoded);

    /// <summary>
    /// Checks, without decoding them into a dictionary, that the headers (when present) can be read: null when they
    /// can or are absent, else what is wrong with them (a length that runs past its table, an unknown field type...).
    /// </summary>
    internal string? ValidateHeaders() => _reader?.ValidateHeaders(_encoded);

    /// <summary>Whether the publisher asked for the message to be kept on disk (AMQP 0-9-1: delivery mode 2; 1.0: durable), or null when it did not say.</summary>
    public bool? Persistent => _reader?.GetPersistent(_encoded);

    /// <summary>Priority, or null.</summary>
    public byte? Priority => _reader?.GetPriority(_encoded);

    /// <summary>Correlation id, or null.</summary>
    public string? CorrelationId => GetString(MessageProperty.CorrelationId);

    /// <summary>Reply-to address, or null.</summary>
    public string? ReplyTo => GetString(MessageProperty.ReplyTo);

    /// <summary>The time to live the publisher gave the message (AMQP 0-9-1: expiration; 1.0: ttl), or null.</summary>
    public TimeSpan? TimeToLive => _reader?.GetTimeToLive(_encoded);

    /// <summary>Message id, or null.</summary>
    public string? MessageId => GetString(MessageProperty.MessageId);

    /// <summary>When the message was created (AMQP 0-9-1 in whole seconds), or null.</summary>
    public DateTimeOffset? Timestamp => _reader?.GetTimestamp(_encoded);

    /// <summary>Message type name, or null.</summary>
    public string? Type => GetString(MessageProperty.Type);

    /// <summary>User id, or null.</summary>
    public string? UserId => GetString(MessageProperty.UserId);

    /// <summary>Application id, or null.</summary>
    public string? AppId => GetString(MessageProperty.AppId);

    /// <summary>The message type name as UTF-8 bytes (empty when absent), for comparisons that must not allocate.</summary>
    public ReadOnlySpan<byte> TypeUtf8 => GetUtf8(MessageProperty.Type);

    /// <summary>The content type as UTF-8 bytes (empty when absent).</summary>
    public ReadOnlySpan<byte> ContentTypeUtf8 => GetUtf8(MessageProperty.ContentType);

    /// <summary>The message id as UTF-8 bytes (empty when absent).</summary>
    public ReadOnlySpan<byte> MessageIdUtf8 => GetUtf8(MessageProperty.MessageId);

    /// <summary>The correlation id as UTF-8 bytes (empty when absent).</summary>
    public ReadOnlySpan<byte> CorrelationIdUtf8 => GetUtf8(MessageProperty.CorrelationId);

    private string? GetString(MessageProperty property) => _reader?.GetString(_encoded, property);

    private ReadOnlySpan<byte> GetUtf8(MessageProperty property) => _reader is null ? default : _reader.GetUtf8(_encoded, property);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder("{");
        if (ContentType is { } contentType) text.Append(" content-type=").Append(contentType);
        if (Type is { } type) text.Append(" type=").Append(type);
        if (MessageId is { } messageId) text.Append(" message-id=").Append(messageId);
        if (CorrelationId is { } correlationId) text.Append(" correlation-id=").Append(correlationId);
        if (Persistent is { } persistent) text.Append(" persistent=").Append(persistent ? "true" : "false");
        return text.Append(" }").ToString();
    }
}
