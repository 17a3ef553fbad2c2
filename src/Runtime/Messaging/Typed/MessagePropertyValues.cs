namespace TypedAmqp.Messaging;

/// <summary>
/// A message's properties as plain values, in no transport's encoding: what a typed publish carries, decided here once
/// for both transports (<see cref="ForTypedPublish"/>), or a copy of a received message's (<see cref="CopyOf"/>). Each
/// transport writes them in its own form: AMQP 0-9-1 as <c>BasicProperties</c>, AMQP 1.0 as the header, properties,
/// annotations and application properties. A struct, so the 0-9-1 fast path fills its properties without allocating.
/// </summary>
internal struct MessagePropertyValues
{
    public string? ContentType { get; set; }

    public string? ContentEncoding { get; set; }

    /// <summary>The message type (the descriptor's wire name for a typed publish), which consumers dispatch on.</summary>
    public string? Type { get; set; }

    /// <summary>The caller's message id, or null.</summary>
    public string? MessageId { get; set; }

    /// <summary>The id generated when the caller gave none; its text is made only when the message is written.</summary>
    public Guid? GeneratedMessageId { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Whether the message is durable, or null when not said.</summary>
    public bool? Persistent { get; set; }

    public byte? Priority { get; set; }

    public TimeSpan? TimeToLive { get; set; }

    public string? CorrelationId { get; set; }

    public string? ReplyTo { get; set; }

    public string? UserId { get; set; }

    public string? AppId { get; set; }

    /// <summary>The application headers, in the neutral shapes (those of an AMQP 0-9-1 field table).</summary>
    public Dictionary<string, object?>? Headers { get; set; }

    /// <summary>The message id as text: the caller's, else the generated one's.</summary>
    public readonly string? EffectiveMessageId => MessageId ?? (GeneratedMessageId is { } id ? MessageIds.ToText(id) : null);

    /// <summary>
    /// What every typed publish carries: the descriptor's content type and wire name, the caller's message id or a
    /// generated one (<paramref name="messageId"/> when not empty), the time now, persistent unless the options say
    /// not, and the options' priority, time to live, correlation id, reply-to and headers.
    /// </summary>
    public static MessagePropertyValues ForTypedPublish<TMessage>(MessageDescriptor<TMessage> descriptor, PublishOptions? options, Guid messageId) => new()
    {
        ContentType = descriptor.ContentType,
        Type = descriptor.WireName,
        MessageId = options?.MessageId,
        GeneratedMessageId = options?.MessageId is not null ? null : messageId == Guid.Empty ? MessageIds.Next() : messageId,
        Timestamp = DateTimeOffset.UtcNow,
        Persistent = options?.Persistent != false,
        Priority = options?.Priority,
        TimeToLive = options?.Expiration,
        CorrelationId = options?.CorrelationId,
        ReplyTo = options?.ReplyTo,
        Headers = options?.Headers,
    };

    /// <summary>A received message's properties, with a new headers dictionary, or none when <paramref name="includeHeaders"/> is false (they cannot be read).</summary>
    public static MessagePropertyValues CopyOf(MessageProperties properties, bool includeHeaders) => new()
    {
        ContentType = properties.ContentType,
        ContentEncoding = properties.ContentEncoding,
        Type = properties.Type,
        MessageId = properties.MessageId,
        Timestamp = properties.Timestamp,
        Persistent = properties.Persistent,
        Priority = properties.Priority,
        TimeToLive = properties.TimeToLive,
        CorrelationId = properties.CorrelationId,
        ReplyTo = properties.ReplyTo,
        UserId = properties.UserId,
        AppId = properties.AppId,
        Headers = includeHeaders ? properties.Headers : null,
    };
}
