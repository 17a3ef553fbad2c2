using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;

namespace TypedAmqp.Messaging;

/// <summary>
/// The basic properties of a received message, read on demand from the content header bytes: looking at a
/// property costs nothing until it is asked for, and the <c>…Utf8</c> accessors never allocate.
/// Valid as long as the delivery it came with.
/// </summary>
public readonly struct MessageProperties
{
    private readonly ReadOnlyMemory<byte> _encoded;

    /// <summary>Wraps the encoded property-flags word and property list.</summary>
    internal MessageProperties(ReadOnlyMemory<byte> encoded)
    {
        _encoded = encoded;
    }

    private ushort Flags => _encoded.Length < 2 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_encoded.Span);

    /// <summary>MIME content type, or null.</summary>
    public string? ContentType => GetString(PropertyFlags.ContentType);

    /// <summary>MIME content encoding, or null.</summary>
    public string? ContentEncoding => GetString(PropertyFlags.ContentEncoding);

    /// <summary>Application headers, decoded into a new dictionary on each call; null when absent.</summary>
    public Dictionary<string, object?>? Headers
    {
        get
        {
            if (!TrySeek(PropertyFlags.Headers, out AmqpReader reader)) return null;
            return reader.ReadTable();
        }
    }

    /// <summary>
    /// Checks, without decoding them into a dictionary, that the headers (when present) can be read: null when they
    /// can or are absent, else what is wrong with them (a length that runs past its table, an unknown field type...).
    /// </summary>
    internal string? ValidateHeaders()
    {
        if ((Flags & PropertyFlags.Headers) == 0) return null;
        try
        {
            TrySeek(PropertyFlags.Headers, out AmqpReader reader);
            uint length = reader.ReadLong();
            if (length > reader.Remaining) return $"the headers table claims {length} bytes but only {reader.Remaining} follow";
            return FieldTableCodec.Validate(reader.ReadSequence((int)length, "field table"));
        }
        catch (AmqpProtocolException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Delivery mode, or null.</summary>
    public DeliveryMode? DeliveryMode => TrySeek(PropertyFlags.DeliveryMode, out AmqpReader reader) ? (DeliveryMode)reader.ReadOctet() : null;

    /// <summary>Priority, or null.</summary>
    public byte? Priority => TrySeek(PropertyFlags.Priority, out AmqpReader reader) ? reader.ReadOctet() : null;

    /// <summary>Correlation id, or null.</summary>
    public string? CorrelationId => GetString(PropertyFlags.CorrelationId);

    /// <summary>Reply-to address, or null.</summary>
    public string? ReplyTo => GetString(PropertyFlags.ReplyTo);

    /// <summary>Per-message TTL in milliseconds as a string, or null.</summary>
    public string? Expiration => GetString(PropertyFlags.Expiration);

    /// <summary>Message id, or null.</summary>
    public string? MessageId => GetString(PropertyFlags.MessageId);

    /// <summary>Timestamp, or null.</summary>
    public AmqpTimestamp? Timestamp => TrySeek(PropertyFlags.Timestamp, out AmqpReader reader) ? new AmqpTimestamp((long)reader.ReadLongLong()) : null;

    /// <summary>Message type name, or null.</summary>
    public string? Type => GetString(PropertyFlags.Type);

    /// <summary>User id, or null.</summary>
    public string? UserId => GetString(PropertyFlags.UserId);

    /// <summary>Application id, or null.</summary>
    public string? AppId => GetString(PropertyFlags.AppId);

    /// <summary>Cluster id, or null.</summary>
    public string? ClusterId => GetString(PropertyFlags.ClusterId);

    /// <summary>The message type name as UTF-8 bytes (empty when absent), for comparisons that must not allocate.</summary>
    public ReadOnlySpan<byte> TypeUtf8 => GetUtf8(PropertyFlags.Type);

    /// <summary>The content type as UTF-8 bytes (empty when absent).</summary>
    public ReadOnlySpan<byte> ContentTypeUtf8 => GetUtf8(PropertyFlags.ContentType);

    /// <summary>The message id as UTF-8 bytes (empty when absent).</summary>
    public ReadOnlySpan<byte> MessageIdUtf8 => GetUtf8(PropertyFlags.MessageId);

    /// <summary>The correlation id as UTF-8 bytes (empty when absent).</summary>
    public ReadOnlySpan<byte> CorrelationIdUtf8 => GetUtf8(PropertyFlags.CorrelationId);

    /// <summary>Copies every property into a new <see cref="BasicProperties"/>, for example to republish the message.</summary>
    public BasicProperties ToBasicProperties() => ToBasicProperties(includeHeaders: true);

    /// <summary>Copies the properties, leaving the headers out when <paramref name="includeHeaders"/> is false (they cannot be read).</summary>
    internal BasicProperties ToBasicProperties(bool includeHeaders) => new()
    {
        ContentType = ContentType,
        ContentEncoding = ContentEncoding,
        Headers = includeHeaders ? Headers : null,
        DeliveryMode = DeliveryMode,
        Priority = Priority,
        CorrelationId = CorrelationId,
        ReplyTo = ReplyTo,
        Expiration = Expiration,
        MessageId = MessageId,
        Timestamp = Timestamp,
        Type = Type,
        UserId = UserId,
        AppId = AppId,
        ClusterId = ClusterId,
    };

    private string? GetString(ushort flag) => TrySeek(flag, out AmqpReader reader) ? reader.ReadShortString() : null;

    private ReadOnlySpan<byte> GetUtf8(ushort flag)
    {
        if (!TrySeek(flag, out AmqpReader reader)) return default;

        // Read through the reader, so that a header cut short inside this string is the protocol error it is for the
        // string accessors, not an index out of range.
        int length = reader.ReadOctet();
        int offset = 2 + (int)reader.Consumed;
        reader.ReadSequence(length, "short string");
        return _encoded.Span.Slice(offset, length);
    }

    /// <summary>Positions a reader at the property <paramref name="flag"/>, skipping the ones before it.</summary>
    private bool TrySeek(ushort flag, out AmqpReader reader)
    {
        ushort flags = Flags;
        reader = new AmqpReader(new ReadOnlySequence<byte>(_encoded.Length < 2 ? default : _encoded[2..]));
        if ((flags & flag) == 0) return false;
        for (ushort bit = PropertyFlags.ContentType; bit > flag; bit >>= 1)
        {
            if ((flags & bit) == 0) continue;
            switch (bit)
            {
                case PropertyFlags.Headers: reader.SkipTable(); break;
                case PropertyFlags.DeliveryMode or PropertyFlags.Priority: reader.ReadOctet(); break;
                case PropertyFlags.Timestamp: reader.ReadLongLong(); break;
                default: reader.SkipShortString(); break;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder("{");
        if (ContentType is { } contentType) text.Append(" content-type=").Append(contentType);
        if (Type is { } type) text.Append(" type=").Append(type);
        if (MessageId is { } messageId) text.Append(" message-id=").Append(messageId);
        if (CorrelationId is { } correlationId) text.Append(" correlation-id=").Append(correlationId);
        if (DeliveryMode is { } mode) text.Append(" delivery-mode=").Append(mode);
        return text.Append(" }").ToString();
    }
}
