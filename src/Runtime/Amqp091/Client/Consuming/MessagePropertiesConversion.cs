using System.Globalization;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>The AMQP 0-9-1 client's full property set of a received message, for example to republish it.</summary>
public static class MessagePropertiesConversion
{
    /// <summary>
    /// Copies every property into a new <see cref="BasicProperties"/>. A message that came by AMQP 0-9-1 keeps each
    /// property exactly (delivery mode, expiration text, cluster id); one that came by another protocol gets what its
    /// neutral properties say.
    /// </summary>
    public static BasicProperties ToBasicProperties(this MessageProperties properties) => properties.ToBasicProperties(includeHeaders: true);

    /// <summary>Copies the properties, leaving the headers out when <paramref name="includeHeaders"/> is false (they cannot be read).</summary>
    internal static BasicProperties ToBasicProperties(this MessageProperties properties, bool includeHeaders)
    {
        if (properties.Reader is ContentHeaderProperties contentHeader) return contentHeader.ToBasicProperties(properties.Encoded, includeHeaders);
        var copy = new BasicProperties();
        MessagePropertyValues.CopyOf(properties, includeHeaders).CopyTo(copy);
        return copy;
    }

    /// <summary>Writes every value into <paramref name="target"/> (absent ones as null), as AMQP 0-9-1 holds them; the cluster id, which has no neutral value, is left as it is.</summary>
    internal static void CopyTo(this in MessagePropertyValues values, BasicProperties target)
    {
        target.ContentType = values.ContentType;
        target.ContentEncoding = values.ContentEncoding;
        target.Headers = values.Headers;
        target.DeliveryMode = values.Persistent is { } persistent ? (persistent ? DeliveryMode.Persistent : DeliveryMode.Transient) : null;
        target.Priority = values.Priority;
        target.CorrelationId = values.CorrelationId;
        target.ReplyTo = values.ReplyTo;
        target.Expiration = values.TimeToLive is { } ttl ? ((long)ttl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : null;
        target.MessageId = values.MessageId;
        target.GeneratedMessageId = values.GeneratedMessageId;
        target.Timestamp = values.Timestamp is { } timestamp ? AmqpTimestamp.FromDateTimeOffset(timestamp) : null;
        target.Type = values.Type;
        target.UserId = values.UserId;
        target.AppId = values.AppId;
    }
}
