namespace TypedAmqp;

/// <summary>
/// A publish was sent but the connection was lost before the broker confirmed it: the broker may have taken and routed
/// the message, or not. Publish it again (with the same message id, so that consumers can drop a duplicate) if it must
/// arrive, or opt in to <see cref="Messaging.RecoveryOptions.ResendUnconfirmedPublishes"/>. A connection-closed
/// exception like any other (it derives from <see cref="AmqpConnectionClosedException"/>), told apart by its type from
/// a publish that was refused before anything was sent.
/// </summary>
public sealed class PublishOutcomeUnknownException : AmqpConnectionClosedException
{
    /// <summary>Creates the exception for the publish of <paramref name="messageId"/> lost with the connection.</summary>
    public PublishOutcomeUnknownException(string messageId, AmqpConnectionClosedException connectionClosed)
        : base((connectionClosed ?? throw new ArgumentNullException(nameof(connectionClosed))).Reason, connectionClosed)
    {
        MessageId = messageId;
    }

    /// <summary>The message id the publish carried, to send it again under.</summary>
    public string MessageId { get; }

    /// <inheritdoc />
    public override string Message =>
        $"The connection was lost before the broker confirmed message {MessageId} ({Reason}); the broker may or may not have taken it.";
}
