using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>
/// Reads the properties of an AMQP 0-9-1 content header (its property-flags word and property list) in place, for
/// <see cref="MessageProperties"/>: a property is found by skipping the ones before it, only when asked for.
/// </summary>
internal sealed class ContentHeaderProperties : MessagePropertiesReader
{
    public static ContentHeaderProperties Instance { get; } = new();

    private ContentHeaderProperties()
    {
    }

    /// <summary>The neutral view of an encoded property-flags word and property list.</summary>
    public static MessageProperties Of(ReadOnlyMemory<byte> encoded) => new(Instance, encoded);

    public override string? GetString(ReadOnlyMemory<byte> encoded, MessageProperty property) =>
        TrySeek(encoded, FlagOf(property), out AmqpReader reader) ? reader.ReadShortString() : null;

    public override ReadOnlySpan<byte> GetUtf8(ReadOnlyMemory<byte> encoded, MessageProperty property)
    {
        if (!TrySeek(encoded, FlagOf(property), out AmqpReader reader)) return default;

        // Read through the reader, so that a header cut short inside this string is the protocol error it is for the
        // string accessors, not an index out of range.
        int length = reader.ReadOctet();
        int offset = 2 + (int)reader.Consumed;
        reader.ReadSequence(length, "short string");
        return encoded.Span.Slice(offset, length);
    }

    public override Dictionary<string, object?>? GetHeaders(ReadOnlyMemory<byte> encoded) =>
        TrySeek(encoded, PropertyFlags.Headers, out AmqpReader reader) ? reader.ReadTable() : null;

    public override string? ValidateHeaders(ReadOnlyMemory<byte> encoded)
    {
        if ((Flags(encoded) & PropertyFlags.Headers) == 0) return null;
        try
        {
            TrySeek(encoded, PropertyFlags.Headers, out AmqpReader reader);
            uint length = reader.ReadLong();
            if (length > reader.Remaining) return $"the headers table claims {length} bytes but only {reader.Remaining} follow";
            return FieldTableCodec.Validate(reader.ReadSequence((int)length, "field table"));
        }
        catch (AmqpProtocolException ex)
        {
            return ex.Message;
        }
    }

    public override bool? GetPersistent(ReadOnlyMemory<byte> encoded) =>
        GetDeliveryMode(encoded) is { } mode ? mode == DeliveryMode.Persistent : null;

    public override byte? GetPriority(ReadOnlyMemory<byte> encoded) =>
        TrySeek(encoded, PropertyFlags.Priority, out AmqpReader reader) ? reader.ReadOctet() : null;

    public override DateTimeOffset? GetTimestamp(ReadOnlyMemory<byte> encoded) =>
        GetAmqpTimestamp(encoded) is { UnixSeconds: >= -62135596800 and <= 253402300799 } timestamp ? timestamp.ToDateTimeOffset() : null;

    /// <summary>The expiration, a number of milliseconds as text in 0-9-1; null when absent or not such a number.</summary>
    public override TimeSpan? GetTimeToLive(ReadOnlyMemory<byte> encoded) =>
        TrySeek(encoded, PropertyFlags.Expiration, out AmqpReader reader)
        && uint.TryParse(reader.ReadShortString(), NumberStyles.None, CultureInfo.InvariantCulture, out uint milliseconds)
            ? TimeSpan.FromMilliseconds(milliseconds)
            : null;

    /// <summary>Copies every property into a new <see cref="BasicProperties"/>, leaving the headers out when <paramref name="includeHeaders"/> is false.</summary>
    public BasicProperties ToBasicProperties(ReadOnlyMemory<byte> encoded, bool includeHeaders) => new()
    {
        ContentType = GetString(encoded, MessageProperty.ContentType),
        ContentEncoding = GetString(encoded, MessageProperty.ContentEncoding),
        Headers = includeHeaders ? GetHeaders(encoded) : null,
        DeliveryMode = GetDeliveryMode(encoded),
        Priority = GetPriority(encoded),
        CorrelationId = GetString(encoded, MessageProperty.CorrelationId),
        ReplyTo = GetString(encoded, MessageProperty.ReplyTo),
        Expiration = TrySeek(encoded, PropertyFlags.Expiration, out AmqpReader expiration) ? expiration.ReadShortString() : null,
        MessageId = GetString(encoded, MessageProperty.MessageId),
        Timestamp = GetAmqpTimestamp(encoded),
        Type = GetString(encoded, MessageProperty.Type),
        UserId = GetString(encoded, MessageProperty.UserId),
        AppId = GetString(encoded, MessageProperty.AppId),
        ClusterId = TrySeek(encoded, PropertyFlags.ClusterId, out AmqpReader clusterId) ? clusterId.ReadShortString() : null,
    };

    private static DeliveryMode? GetDeliveryMode(ReadOnlyMemory<byte> encoded) =>
        TrySeek(encoded, PropertyFlags.DeliveryMode, out AmqpReader reader) ? (DeliveryMode)reader.ReadOctet() : null;

    private static AmqpTimestamp? GetAmqpTimestamp(ReadOnlyMemory<byte> encoded) =>
        TrySeek(encoded, PropertyFlags.Timestamp, out AmqpReader reader) ? new AmqpTimestamp((long)reader.ReadLongLong()) : null;

    private static ushort FlagOf(MessageProperty property) => property switch
    {
        MessageProperty.ContentType => PropertyFlags.ContentType,
        MessageProperty.ContentEncoding => PropertyFlags.ContentEncoding,
        MessageProperty.MessageId => PropertyFlags.MessageId,
        MessageProperty.CorrelationId => PropertyFlags.CorrelationId,
        MessageProperty.ReplyTo => PropertyFlags.ReplyTo,
        MessageProperty.Type => PropertyFlags.Type,
        MessageProperty.UserId => PropertyFlags.UserId,
        MessageProperty.AppId => PropertyFlags.AppId,
        _ => throw new ArgumentOutOfRangeException(nameof(property), property, null),
    };

    private static ushort Flags(ReadOnlyMemory<byte> encoded) => encoded.Length < 2 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(encoded.Span);

    /// <summary>Positions a reader at the property <paramref name="flag"/>, skipping the ones before it.</summary>
    private static bool TrySeek(ReadOnlyMemory<byte> encoded, ushort flag, out AmqpReader reader)
    {
        ushort flags = Flags(encoded);
        reader = new AmqpReader(new ReadOnlySequence<byte>(encoded.Length < 2 ? default : encoded[2..]));
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
}
