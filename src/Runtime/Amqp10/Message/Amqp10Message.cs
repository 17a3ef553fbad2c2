
namespace TypedAmqp.Amqp10;

/// <summary>
/// An AMQP 1.0 message (part 3 section 3.2) as this engine sends and receives it: the header, message annotations,
/// properties and application properties sections, and one body, either <see cref="Data"/> (a data section) or
/// <see cref="Value"/> (an amqp-value section). Delivery annotations, amqp-sequence bodies and the footer are not
/// modelled yet: received, they are skipped (a message of several data sections is read as their concatenation).
/// </summary>
internal sealed class Amqp10Message
{
    public Amqp10Header? Header { get; set; }

    /// <summary>A map with symbol keys (RabbitMQ adds <c>x-exchange</c> and <c>x-routing-key</c>).</summary>
    public Amqp10Value? MessageAnnotations { get; set; }

    public Amqp10Properties? Properties { get; set; }

    /// <summary>String keys and simple values (part 3 section 3.2.5).</summary>
    public Dictionary<string, Amqp10Value>? ApplicationProperties { get; set; }

    /// <summary>The body as one data section (opaque bytes); null when the body is an amqp-value.</summary>
    public ReadOnlyMemory<byte>? Data { get; set; }

    /// <summary>The body as one amqp-value section; null when the body is data.</summary>
    public Amqp10Value? Value { get; set; }
}

/// <summary>The header section (part 3 section 3.2.1, 0x70): transport headers. Unset fields keep their defaults.</summary>
internal sealed class Amqp10Header
{
    public bool? Durable { get; set; }

    public byte? Priority { get; set; }

    /// <summary>Time to live in milliseconds.</summary>
    public uint? Ttl { get; set; }

    public bool? FirstAcquirer { get; set; }

    public uint? DeliveryCount { get; set; }
}

/// <summary>The properties section (part 3 section 3.2.4, 0x73): the message's immutable properties.</summary>
internal sealed class Amqp10Properties
{
    /// <summary>A ulong, uuid, binary or string (message-id-ulong and its siblings).</summary>
    public Amqp10Value? MessageId { get; set; }

    public byte[]? UserId { get; set; }

    public string? To { get; set; }

    public string? Subject { get; set; }

    public string? ReplyTo { get; set; }

    /// <summary>A ulong, uuid, binary or string, like <see cref="MessageId"/>.</summary>
    public Amqp10Value? CorrelationId { get; set; }

    /// <summary>A MIME type, sent as a symbol.</summary>
    public string? ContentType { get; set; }

    public string? ContentEncoding { get; set; }

    public Amqp10Timestamp? AbsoluteExpiryTime { get; set; }

    public Amqp10Timestamp? CreationTime { get; set; }

    public string? GroupId { get; set; }

    public uint? GroupSequence { get; set; }

    public string? ReplyToGroupId { get; set; }
}
