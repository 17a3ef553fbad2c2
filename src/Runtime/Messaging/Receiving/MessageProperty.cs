namespace TypedAmqp.Messaging;

/// <summary>The text properties a <see cref="MessagePropertiesReader"/> reads, by what they mean in both protocols.</summary>
internal enum MessageProperty
{
    ContentType,
    ContentEncoding,
    MessageId,
    CorrelationId,
    ReplyTo,
    Type,
    UserId,
    AppId,
}
