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
        return new BasicProperties
        {
            ContentType = properties.ContentType,
            ContentEncoding = properties.ContentEncoding,
            Headers = includeHeaders ? properties.Headers : null,
            DeliveryMode = properties.Persistent is { } persistent ? (persistent ? DeliveryMode.Persistent : DeliveryMode.Transient) : null,
            Priority = properties.Priority,
            CorrelationId = properties.CorrelationId,
            ReplyTo = properties.ReplyTo,
            Expiration = properties.TimeToLive is { } ttl ? ((long)ttl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : null,
            MessageId = properties.MessageId,
            Timestamp = properties.Timestamp is { } timestamp ? AmqpTimestamp.FromDateTimeOffset(timestamp) : null,
            Type = properties.Type,
            UserId = properties.UserId,
            AppId = properties.AppId,
        };
    }
}
