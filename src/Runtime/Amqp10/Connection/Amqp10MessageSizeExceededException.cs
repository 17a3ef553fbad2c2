namespace TypedAmqp.Amqp10;

/// <summary>
/// A message is larger than a link's max-message-size. Sending, it is the peer's limit: the message was refused before
/// anything of it was written, and the sender stays attached. Receiving, it is this receiver's limit: the link was
/// detached with <c>amqp:link:message-size-exceeded</c>, and the receiver reports an <see cref="Amqp10ClosedException"/>
/// with that condition and this exception as its inner exception.
/// </summary>
public sealed class Amqp10MessageSizeExceededException : AmqpException
{
    internal Amqp10MessageSizeExceededException(string message, ulong size, ulong limit, string linkName)
        : base(message)
    {
        Size = size;
        Limit = limit;
        LinkName = linkName;
    }

    /// <summary>The message's encoded size in bytes (receiving: what had arrived when the limit was passed).</summary>
    public ulong Size { get; }

    /// <summary>The max-message-size in bytes that it exceeds.</summary>
    public ulong Limit { get; }

    /// <summary>The name of the link it was sent or received on.</summary>
    public string LinkName { get; }
}
