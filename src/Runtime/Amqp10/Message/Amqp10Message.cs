
namespace TypedAmqp.Amqp10;

/// <summary>
/// An AMQP 1.0 message (part 3 section 3.2) as this engine sends and receives it: the header, delivery annotations,
/// message annotations, properties and application properties sections, one body, and the footer. The body is one of
/// <see cref="Data"/> (a data section), <see cref="Value"/> (an amqp-value section) or <see cref="Sequence"/> (one or
/// more amqp-sequence sections). A message of several data sections is read as their concatenation.
/// </summary>
public sealed class Amqp10Message
{
    // The sections few messages carry live apart, so that every received message is smaller by them (each nullable
    // Amqp10Value is 40 bytes): a message that sets none of them never allocates the object.
    private RareSections? _rare;

    /// <summary>The header section (durable, priority, ttl...); null sends none (RabbitMQ 4 then adds one with durable true).</summary>
    public Amqp10Header? Header { get; set; }

    /// <summary>
    /// The delivery annotations section (0x71): a map with symbol keys meant for the next hop only (an intermediary
    /// may drop it: RabbitMQ 4 does, and RabbitMQ 3.10's plugin aborts the connection on it).
    /// </summary>
    public Amqp10Value? DeliveryAnnotations
    {
        get => _rare?.DeliveryAnnotations;
        set
        {
            if (value is not null || _rare is not null) Rare.DeliveryAnnotations = value;
        }
    }

    /// <summary>A map with symbol keys (RabbitMQ adds <c>x-exchange</c> and <c>x-routing-key</c>).</summary>
    public Amqp10Value? MessageAnnotations { get; set; }

    /// <summary>The properties section (message id, subject, content type...); null sends none.</summary>
    public Amqp10Properties? Properties { get; set; }

    /// <summary>String keys and simple values (part 3 section 3.2.5).</summary>
    public Dictionary<string, Amqp10Value>? ApplicationProperties { get; set; }

    /// <summary>The body as one data section (opaque bytes); null when the body is an amqp-value or amqp-sequence.</summary>
    /// <remarks>
    /// C# converts a <c>byte[]</c> that is null to an empty memory, not to null: <c>Data = maybeBytes</c> with
    /// <c>maybeBytes</c> null sets an empty data section. Assign <c>null</c> itself for no data section.
    /// </remarks>
    public ReadOnlyMemory<byte>? Data { get; set; }

    /// <summary>The body as one amqp-value section; null when the body is data or amqp-sequence.</summary>
    public Amqp10Value? Value { get; set; }

    /// <summary>
    /// The body as amqp-sequence sections (0x76), in order: each element is one section, a list value
    /// (<see cref="Amqp10Value.List"/>). At least one when set; null when the body is data or an amqp-value.
    /// </summary>
    public IReadOnlyList<Amqp10Value>? Sequence
    {
        get => _rare?.Sequence;
        set
        {
            if (value is not null || _rare is not null) Rare.Sequence = value;
        }
    }

    /// <summary>The footer section (0x78): a map with symbol keys after the body (hashes, signatures).</summary>
    public Amqp10Value? Footer
    {
        get => _rare?.Footer;
        set
        {
            if (value is not null || _rare is not null) Rare.Footer = value;
        }
    }

    private RareSections Rare => _rare ??= new RareSections();

    private sealed class RareSections
    {
        public Amqp10Value? DeliveryAnnotations { get; set; }

        public IReadOnlyList<Amqp10Value>? Sequence { get; set; }

        public Amqp10Value? Footer { get; set; }
    }
}

/// <summary>The header section (part 3 section 3.2.1, 0x70): transport headers. Unset fields keep their defaults.</summary>
public sealed class Amqp10Header
{
    /// <summary>Whether the message must survive a restart of the intermediary (a durable queue).</summary>
    public bool? Durable { get; set; }

    /// <summary>The relative priority, 0 to 255 (4 when unset).</summary>
    public byte? Priority { get; set; }

    /// <summary>Time to live in milliseconds.</summary>
    public uint? Ttl { get; set; }

    /// <summary>Whether this link is the first to acquire the message (set by the sender's side, read on receiving).</summary>
    public bool? FirstAcquirer { get; set; }

    /// <summary>How many earlier delivery attempts failed.</summary>
    public uint? DeliveryCount { get; set; }
}

/// <summary>The properties section (part 3 section 3.2.4, 0x73): the message's immutable properties.</summary>
public sealed class Amqp10Properties
{
    /// <summary>A ulong, uuid, binary or string (message-id-ulong and its siblings).</summary>
    public Amqp10Value? MessageId { get; set; }

    /// <summary>The identity of the user who produced the message (brokers may check it against the connection's).</summary>
    public byte[]? UserId { get; set; }

    /// <summary>The address the message is for.</summary>
    public string? To { get; set; }

    /// <summary>A short summary, such as a message type or routing key.</summary>
    public string? Subject { get; set; }

    /// <summary>The address replies go to.</summary>
    public string? ReplyTo { get; set; }

    /// <summary>A ulong, uuid, binary or string, like <see cref="MessageId"/>.</summary>
    public Amqp10Value? CorrelationId { get; set; }

    /// <summary>A MIME type, sent as a symbol.</summary>
    public string? ContentType { get; set; }

    /// <summary>How the body is encoded on top of its content type (such as gzip).</summary>
    public string? ContentEncoding { get; set; }

    /// <summary>When the message expires.</summary>
    public Amqp10Timestamp? AbsoluteExpiryTime { get; set; }

    /// <summary>When the message was made.</summary>
    public Amqp10Timestamp? CreationTime { get; set; }

    /// <summary>The group the message belongs to.</summary>
    public string? GroupId { get; set; }

    /// <summary>The message's position in its group.</summary>
    public uint? GroupSequence { get; set; }

    /// <summary>The address replies go to.</summary>
    public string? ReplyToGroupId { get; set; }
}
