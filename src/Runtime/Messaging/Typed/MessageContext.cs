namespace TypedAmqp.Messaging;

/// <summary>
/// What a typed handler may know and do about the message it handles: properties, headers, routing key, and explicit
/// ack, nack or reject. When the handler settles nothing, the dispatcher acks on success and nacks on failure.
/// </summary>
public sealed class MessageContext
{
    private readonly Delivery _delivery;

    internal MessageContext(Delivery delivery, string messageType)
    {
        _delivery = delivery;
        MessageType = messageType;
    }

    /// <summary>The message-type name the message arrived with.</summary>
    public string MessageType { get; }

    /// <summary>The basic properties (content type, message id, correlation id, timestamp...).</summary>
    public MessageProperties Properties => _delivery.Properties;

    /// <summary>Application headers, or null.</summary>
    public Dictionary<string, object?>? Headers => _delivery.Properties.Headers;

    /// <summary>The routing key the message was published with.</summary>
    public string RoutingKey => _delivery.RoutingKey;

    /// <summary>The exchange it was published to.</summary>
    public string Exchange => _delivery.Exchange;

    /// <summary>True when the broker delivered it before.</summary>
    public bool Redelivered => _delivery.Redelivered;

    /// <summary>Whether the handler already acked, nacked or rejected the message.</summary>
    public bool IsSettled => _delivery.IsSettled;

    /// <summary>Acknowledges the message now.</summary>
    public ValueTask AckAsync(CancellationToken cancellationToken = default) => _delivery.AckAsync(cancellationToken);

    /// <summary>Negatively acknowledges the message; <paramref name="requeue"/> puts it back in the queue.</summary>
    public ValueTask NackAsync(bool requeue, CancellationToken cancellationToken = default) => _delivery.NackAsync(requeue, cancellationToken);

    /// <summary>Rejects the message; without requeue it goes to the queue's dead-letter exchange, if any.</summary>
    public ValueTask RejectAsync(bool requeue, CancellationToken cancellationToken = default) => _delivery.RejectAsync(requeue, cancellationToken);
}
