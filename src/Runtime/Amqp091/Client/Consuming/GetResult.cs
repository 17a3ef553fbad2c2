namespace TypedAmqp.Amqp091;

/// <summary>A message fetched with basic.get. Owns copies of its data, so it stays valid after the call.</summary>
public sealed class GetResult
{
    internal GetResult(AmqpChannel channel, ulong deliveryTag, bool redelivered, string exchange, string routingKey, uint messageCount, BasicProperties properties, ReadOnlyMemory<byte> body)
    {
        Channel = channel;
        DeliveryTag = deliveryTag;
        Redelivered = redelivered;
        Exchange = exchange;
        RoutingKey = routingKey;
        MessageCount = messageCount;
        Properties = properties;
        Body = body;
    }

    /// <summary>The channel the message was fetched on; acks must go to this channel.</summary>
    public AmqpChannel Channel { get; }

    /// <summary>The tag to ack, nack or reject it with (unless fetched with auto-ack).</summary>
    public ulong DeliveryTag { get; }

    /// <summary>True when the message had been delivered before.</summary>
    public bool Redelivered { get; }

    /// <summary>The exchange it was published to.</summary>
    public string Exchange { get; }

    /// <summary>The routing key it was published with.</summary>
    public string RoutingKey { get; }

    /// <summary>How many messages were left in the queue.</summary>
    public uint MessageCount { get; }

    /// <summary>Its properties.</summary>
    public BasicProperties Properties { get; }

    /// <summary>Its body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Acknowledges the message.</summary>
    public ValueTask AckAsync(CancellationToken cancellationToken = default) => Channel.BasicAckAsync(DeliveryTag, false, cancellationToken);
}
