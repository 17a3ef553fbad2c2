namespace TypedAmqp.Messaging;

/// <summary>
/// Where a message is published, in terms both transports understand: an exchange with a routing key, a queue, or a
/// bare AMQP 1.0 address (a node name of any AMQP 1.0 broker, or RabbitMQ 4's <c>/exchanges/…</c>, <c>/queues/…</c>).
/// Over AMQP 0-9-1 a queue is the default exchange with the queue's name as the key, and a bare 1.0 address has no
/// meaning (publishing to one fails with <see cref="NotSupportedException"/>). Over AMQP 1.0 to RabbitMQ 4 an exchange
/// is <c>/exchanges/{exchange}/{key}</c> (<c>/exchanges/{exchange}</c> with an empty key; the default exchange "" is
/// <c>/queues/{key}</c>) and a queue <c>/queues/{queue}</c>. A publisher that forwards to another must forward this
/// overload too, or the interface's default (exchanges and queues only) answers for it.
/// </summary>
public readonly record struct MessageAddress
{
    private readonly string? _name;
    private readonly string? _routingKey;

    private MessageAddress(MessageAddressKind kind, string name, string routingKey)
    {
        Kind = kind;
        _name = name;
        _routingKey = routingKey;
    }

    /// <summary>Which of the three forms this is (<see cref="MessageAddressKind.None"/> for the default value).</summary>
    public MessageAddressKind Kind { get; }

    /// <summary>The exchange's name, the queue's, or the AMQP 1.0 address.</summary>
    public string Name => _name ?? "";

    /// <summary>The routing key of an exchange address; empty for the other forms.</summary>
    public string RoutingKey => _routingKey ?? "";

    /// <summary>An exchange and the routing key the message is published with ("" is the default exchange).</summary>
    public static MessageAddress Exchange(string exchange, string routingKey = "")
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(routingKey);
        return new MessageAddress(MessageAddressKind.Exchange, exchange, routingKey);
    }

    /// <summary>A queue, reached directly.</summary>
    public static MessageAddress Queue(string queue)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return new MessageAddress(MessageAddressKind.Queue, queue, "");
    }

    /// <summary>An AMQP 1.0 target address, used as it is.</summary>
    public static MessageAddress Amqp10(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        return new MessageAddress(MessageAddressKind.Amqp10, address, "");
    }

    /// <summary>The exchange and routing key an AMQP 0-9-1 publish to this goes to; false for a bare AMQP 1.0 address (and for no address).</summary>
    public bool TryGetExchangeAndRoutingKey(out string exchange, out string routingKey)
    {
        (exchange, routingKey) = Kind switch
        {
            MessageAddressKind.Exchange => (Name, RoutingKey),
            MessageAddressKind.Queue => ("", Name),
            _ => ("", ""),
        };
        return Kind is MessageAddressKind.Exchange or MessageAddressKind.Queue;
    }

    /// <summary>Throws when this is the default value, which names no address (every publish to an address checks this first).</summary>
    internal void ThrowIfNone(string paramName)
    {
        if (Kind == MessageAddressKind.None) throw new ArgumentException("No address was given (a default MessageAddress).", paramName);
    }

    /// <summary>How errors and logs name it: "exchange 'orders' with routing key 'placed'", "queue 'inbox'", "AMQP 1.0 address 'orders'".</summary>
    public override string ToString() => Kind switch
    {
        MessageAddressKind.Exchange => $"exchange '{Name}' with routing key '{RoutingKey}'",
        MessageAddressKind.Queue => $"queue '{Name}'",
        MessageAddressKind.Amqp10 => $"AMQP 1.0 address '{Name}'",
        _ => "no address",
    };
}
