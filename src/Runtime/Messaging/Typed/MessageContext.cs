namespace TypedAmqp.Messaging;

/// <summary>
/// What a typed handler may know and do about the message it handles: properties, headers, routing key, and explicit
/// ack, nack or reject. When the handler settles nothing, the dispatcher acks on success and nacks on failure.
/// </summary>
public sealed class MessageContext
{
    private readonly ReceivedMessage _received;

    internal MessageContext(ReceivedMessage received, string messageType)
    {
        _received = received;
        MessageType = messageType;
    }

    /// <summary>The message-type name the message arrived with.</summary>
    public string MessageType { get; }

    /// <summary>The basic properties (content type, message id, correlation id, timestamp...).</summary>
    public MessageProperties Properties => _received.Properties;

    /// <summary>Application headers, or null.</summary>
    public Dictionary<string, object?>? Headers => _received.Properties.Headers;

    /// <summary>The routing key the message was published with.</summary>
    public string RoutingKey => _received.RoutingKey;

    /// <summary>The exchange it was published to.</summary>
    public string Exchange => _received.Exchange;

    /// <summary>True when the broker delivered it before.</summary>
    public bool Redelivered => _received.Redelivered;

    /// <summary>Whether the handler already acked, nacked or rejected the message.</summary>
    public bool IsSettled => _received.IsSettled;

    /// <summary>Settles the message now: see <see cref="MessageSettlement"/> for each outcome and its AMQP 0-9-1 mapping.</summary>
    public ValueTask SettleAsync(MessageSettlement settlement, CancellationToken cancellationToken = default) => _received.SettleAsync(settlement, cancellationToken);

    /// <summary>Acknowledges the message now (<see cref="MessageSettlement.Accept"/>).</summary>
    public ValueTask AckAsync(CancellationToken cancellationToken = default) => _received.AcceptAsync(cancellationToken);

    /// <summary>Negatively acknowledges the message: with <paramref name="requeue"/> it is delivered again, counted as failed (<see cref="MessageSettlement.Modify"/>); without, rejected (<see cref="MessageSettlement.Reject"/>).</summary>
    public ValueTask NackAsync(bool requeue, CancellationToken cancellationToken = default) =>
        _received.SettleAsync(requeue ? MessageSettlement.Modify : MessageSettlement.Reject, cancellationToken);

    /// <summary>Rejects the message: without requeue it goes to the queue's dead-letter exchange, if any; with requeue it is released (<see cref="MessageSettlement.Release"/>).</summary>
    public ValueTask RejectAsync(bool requeue, CancellationToken cancellationToken = default) =>
        _received.SettleAsync(requeue ? MessageSettlement.Release : MessageSettlement.Reject, cancellationToken);
}
