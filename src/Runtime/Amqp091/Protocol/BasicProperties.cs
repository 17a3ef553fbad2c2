namespace TypedAmqp.Amqp091;

/// <summary>
/// The 14 AMQP basic properties of a message to publish. An instance can be reused across publishes; the
/// runtime only reads it while the publish call runs.
/// </summary>
public sealed class BasicProperties
{
    /// <summary>MIME content type of the body, such as <c>application/json</c>.</summary>
    public string? ContentType { get; set; }

    /// <summary>MIME content encoding of the body, such as <c>gzip</c>.</summary>
    public string? ContentEncoding { get; set; }

    /// <summary>Application headers (field table). See <see cref="AmqpTimestamp"/> and the field value types the runtime supports.</summary>
    public Dictionary<string, object?>? Headers { get; set; }

    /// <summary>Transient (1) or persistent (2); null leaves it to the broker (transient).</summary>
    public DeliveryMode? DeliveryMode { get; set; }

    /// <summary>Message priority, used by queues with <c>x-max-priority</c>.</summary>
    public byte? Priority { get; set; }

    /// <summary>Correlates a reply with its request.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>Where replies should be sent (a queue name or <c>amq.rabbitmq.reply-to</c>).</summary>
    public string? ReplyTo { get; set; }

    /// <summary>Per-message TTL in milliseconds, as a decimal string (the protocol's type for it).</summary>
    public string? Expiration { get; set; }

    /// <summary>Application message identifier.</summary>
    public string? MessageId { get; set; }

    /// <summary>
    /// A message id written in the form of <see cref="Messaging.MessageIds.ToText"/> (<see cref="Buffers.GuidText"/>) when <see cref="MessageId"/> is null, so
    /// typed publishes give every message an id without allocating a string for it.
    /// </summary>
    internal Guid? GeneratedMessageId { get; set; }

    /// <summary>The message id as it goes on the wire; allocates for a generated id, so only for diagnostics.</summary>
    internal string? EffectiveMessageId => MessageId ?? (GeneratedMessageId is { } id ? Buffers.GuidText.ToText(id) : null);

    /// <summary>When the message was produced, in whole seconds.</summary>
    public AmqpTimestamp? Timestamp { get; set; }

    /// <summary>The message type name; TypedAmqp's generated code puts the contract's message-type name here.</summary>
    public string? Type { get; set; }

    /// <summary>The user that published the message; RabbitMQ checks it against the connection's user.</summary>
    public string? UserId { get; set; }

    /// <summary>The producing application's identifier.</summary>
    public string? AppId { get; set; }

    /// <summary>Deprecated by the protocol; kept for completeness.</summary>
    public string? ClusterId { get; set; }

    /// <summary>Sets <see cref="DeliveryMode"/> from a flag: true for persistent, false for transient.</summary>
    public bool Persistent
    {
        get => DeliveryMode == Amqp091.DeliveryMode.Persistent;
        set => DeliveryMode = value ? Amqp091.DeliveryMode.Persistent : Amqp091.DeliveryMode.Transient;
    }

    /// <summary>Makes this a copy of <paramref name="source"/> (the headers table is shared, not copied), or empties it when null.</summary>
    internal void CopyFrom(BasicProperties? source)
    {
        ContentType = source?.ContentType;
        ContentEncoding = source?.ContentEncoding;
        Headers = source?.Headers;
        DeliveryMode = source?.DeliveryMode;
        Priority = source?.Priority;
        CorrelationId = source?.CorrelationId;
        ReplyTo = source?.ReplyTo;
        Expiration = source?.Expiration;
        MessageId = source?.MessageId;
        GeneratedMessageId = source?.GeneratedMessageId;
        Timestamp = source?.Timestamp;
        Type = source?.Type;
        UserId = source?.UserId;
        AppId = source?.AppId;
        ClusterId = source?.ClusterId;
    }
}
