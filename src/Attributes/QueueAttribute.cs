namespace TypedAmqp;

/// <summary>
/// Declares a queue. Put <see cref="BindingAttribute"/>s beside it to route messages in, and
/// <see cref="ConsumerAttribute"/> to make the interface a consumer contract. Numeric settings use -1 (or 0 where
/// stated) for "not set".
/// </summary>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class QueueAttribute : Attribute
{
    /// <summary>Declares the queue <paramref name="name"/>; an empty name asks the broker to generate one.</summary>
    public QueueAttribute(string name, QueueKind kind = QueueKind.Classic)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The queue name, or "" for a server-named queue.</summary>
    public string Name { get; }

    /// <summary>The queue type.</summary>
    public QueueKind Kind { get; }

    /// <summary>Survives a broker restart (default true).</summary>
    public bool Durable { get; set; } = true;

    /// <summary>Used by one connection only and deleted with it.</summary>
    public bool Exclusive { get; set; }

    /// <summary>Deleted when its last consumer goes.</summary>
    public bool AutoDelete { get; set; }

    /// <summary>Where rejected and expired messages go (x-dead-letter-exchange).</summary>
    public string? DeadLetterExchange { get; set; }

    /// <summary>The routing key dead-lettered messages get (x-dead-letter-routing-key); needs <see cref="DeadLetterExchange"/>.</summary>
    public string? DeadLetterRoutingKey { get; set; }

    /// <summary>Message TTL in milliseconds (x-message-ttl); -1 for none.</summary>
    public long MessageTtl { get; set; } = -1;

    /// <summary>Delete the queue after this many unused milliseconds (x-expires); -1 for never.</summary>
    public long Expires { get; set; } = -1;

    /// <summary>Most ready messages (x-max-length); -1 for no limit.</summary>
    public long MaxLength { get; set; } = -1;

    /// <summary>Most bytes of ready message bodies (x-max-length-bytes); -1 for no limit.</summary>
    public long MaxLengthBytes { get; set; } = -1;

    /// <summary>What happens at the max length (x-overflow).</summary>
    public QueueOverflow Overflow { get; set; }

    /// <summary>Highest priority the queue supports, 1–255 (x-max-priority); 0 for a queue without priorities.</summary>
    public int MaxPriority { get; set; }

    /// <summary>Only one consumer receives at a time (x-single-active-consumer).</summary>
    public bool SingleActiveConsumer { get; set; }

    /// <summary>Quorum queues: deliveries before a message is dead-lettered (x-delivery-limit); 0 for the broker's default.</summary>
    public int DeliveryLimit { get; set; }
}
