namespace TypedAmqp;

/// <summary>
/// A publish was sent but the connection was lost before the broker confirmed it: the broker may have taken and routed
/// the message, or not. Publish it again (with the same message id, so that consumers can drop a duplicate) if it must
/// arrive, or opt in to <see cref="Messaging.RecoveryOptions.ResendUnconfirmedPublishes"/>.
/// </summary>
public sealed class PublishOutcomeUnknownException : AmqpException
{
    /// <summary>Creates the exception for the publish of <paramref name="messageId"/> lost with the connection.</summary>
    public PublishOutcomeUnknownException(string messageId, AmqpConnectionClosedException connectionClosed)
        : base($"The connection was lost before the broker confirmed message {messageId} ({connectionClosed.Reason}); the broker may or may not have taken it.", connectionClosed)
    {
        MessageId = messageId;
        Reason = connectionClosed.Reason;
    }

    /// <summary>The message id the publish carried, to send it again under.</summary>
    public string MessageId { get; }

    /// <summary>Why the connection closed.</summary>
    public CloseReason Reason { get; }
}
