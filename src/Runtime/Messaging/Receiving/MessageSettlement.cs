namespace TypedAmqp.Messaging;

/// <summary>
/// How a received message is settled: the outcomes AMQP 1.0 names, each with its AMQP 0-9-1 mapping.
/// </summary>
public enum MessageSettlement
{
    /// <summary>Handled: the broker forgets it. AMQP 0-9-1: <c>basic.ack</c>.</summary>
    Accept,

    /// <summary>
    /// Refused for good: the broker dead-letters it (or drops it without a dead-letter exchange).
    /// AMQP 0-9-1: <c>basic.reject</c> without requeue.
    /// </summary>
    Reject,

    /// <summary>
    /// Not handled here, through no fault of the message: the broker delivers it again, without counting a failed
    /// delivery. AMQP 0-9-1: <c>basic.reject</c> with requeue (0-9-1 cannot tell it from a failure).
    /// </summary>
    Release,

    /// <summary>
    /// Handling failed and may succeed later: the broker delivers it again and counts a failed delivery (quorum
    /// queues' delivery limit). AMQP 1.0: <c>modified</c> with delivery-failed; AMQP 0-9-1: <c>basic.nack</c> with requeue.
    /// </summary>
    Modify,
}
