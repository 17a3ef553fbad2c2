using System.Buffers.Binary;

namespace TypedAmqp.Amqp091.Protocol;

/// <summary>
/// Encodes the content header payload: class id, weight, body size, the property-flags word and the properties
/// that are present.
/// </summary>
internal static class ContentHeaderCodec
{
    /// <summary>Class id (2) + weight (2) + body size (8) + flags (2).</summary>
    public const int FixedSize = 14;

    /// <summary>The header that carries a publish's confirm sequence number, so a basic.return can be matched to it.</summary>
    public static ReadOnlySpan<byte> PublishSequenceHeader => "x-typedamqp-publish-seq"u8;

    public const string PublishSequenceHeaderName = "x-typedamqp-publish-seq";

    public static int MaxSize(BasicProperties? p, bool withPublishSequence)
    {
        int sequence = withPublishSequence ? (p?.Headers is null ? 4 : 0) + 10 + PublishSequenceHeader.Length : 0;
        return MaxSize(p) + sequence;
    }

    private static int MessageIdSize(BasicProperties p) =>
        p.MessageId is not null ? ShortString(p.MessageId) : p.GeneratedMessageId is null ? 0 : 1 + AmqpWriter.GuidLength;

    public static int MaxSize(BasicProperties? p)
    {
        if (p is null) return FixedSize;
        return FixedSize
            + ShortString(p.ContentType) + ShortString(p.ContentEncoding)
            + (p.Headers is null ? 0 : FieldTableCodec.GetTableSize(p.Headers))
            + (p.DeliveryMode is null ? 0 : 1) + (p.Priority is null ? 0 : 1)
            + ShortString(p.CorrelationId) + ShortString(p.ReplyTo) + ShortString(p.Expiration) + MessageIdSize(p)
            + (p.Timestamp is null ? 0 : 8)
            + ShortString(p.Type) + ShortString(p.UserId) + ShortString(p.AppId) + ShortString(p.ClusterId);
    }

    public static int Write(Span<byte> destination, ulong bodySize, BasicProperties? p, ulong publishSequence = 0)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, MethodId.BasicClass);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[4..], bodySize);
        if (p is null && publishSequence == 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[12..], 0);
            return FixedSize;
        }

        p ??= Empty;
        ushort flags = 0;
        var writer = new AmqpWriter(destination[FixedSize..]);
        if (p.ContentType is not null) { flags |= PropertyFlags.ContentType; writer.WriteShortString(p.ContentType); }
        if (p.ContentEncoding is not null) { flags |= PropertyFlags.ContentEncoding; writer.WriteShortString(p.ContentEncoding); }
        if (publishSequence != 0)
        {
            flags |= PropertyFlags.Headers;
            writer.WriteTableWithExtra(p.Headers, PublishSequenceHeader, (long)publishSequence);
        }
        else if (p.Headers is not null)
        {
            flags |= PropertyFlags.Headers;
            writer.WriteTable(p.Headers);
        }

        if (p.DeliveryMode is { } mode) { flags |= PropertyFlags.DeliveryMode; writer.WriteOctet((byte)mode); }
        if (p.Priority is { } priority) { flags |= PropertyFlags.Priority; writer.WriteOctet(priority); }
        if (p.CorrelationId is not null) { flags |= PropertyFlags.CorrelationId; writer.WriteShortString(p.CorrelationId); }
        if (p.ReplyTo is not null) { flags |= PropertyFlags.ReplyTo; writer.WriteShortString(p.ReplyTo); }
        if (p.Expiration is not null) { flags |= PropertyFlags.Expiration; writer.WriteShortString(p.Expiration); }
        if (p.MessageId is not null) { flags |= PropertyFlags.MessageId; writer.WriteShortString(p.MessageId); }
        else if (p.GeneratedMessageId is { } id) { flags |= PropertyFlags.MessageId; writer.WriteShortString(id); }
        if (p.Timestamp is { } timestamp) { flags |= PropertyFlags.Timestamp; writer.WriteLongLong((ulong)timestamp.UnixSeconds); }
        if (p.Type is not null) { flags |= PropertyFlags.Type; writer.WriteShortString(p.Type); }
        if (p.UserId is not null) { flags |= PropertyFlags.UserId; writer.WriteShortString(p.UserId); }
        if (p.AppId is not null) { flags |= PropertyFlags.AppId; writer.WriteShortString(p.AppId); }
        if (p.ClusterId is not null) { flags |= PropertyFlags.ClusterId; writer.WriteShortString(p.ClusterId); }
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], flags);
        return FixedSize + writer.Position;
    }

    private static readonly BasicProperties Empty = new();

    private static int ShortString(string? value) => value is null ? 0 : WireSize.ShortString(value);
}
