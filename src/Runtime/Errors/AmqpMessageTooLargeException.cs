namespace TypedAmqp;

/// <summary>
/// A publish was refused before anything of it was sent, because a part of it is larger than the connection allows
/// (its properties do not fit in one frame, or its body exceeds the maximum message size). The connection and its
/// channels are unaffected.
/// </summary>
public class AmqpMessageTooLargeException : AmqpException
{
    /// <summary>Creates the exception; <paramref name="message"/> names both sizes.</summary>
    /// <param name="message">What was too large, with both sizes.</param>
    /// <param name="size">The size of what was too large, in bytes.</param>
    /// <param name="limit">The limit it exceeded, in bytes.</param>
    public AmqpMessageTooLargeException(string message, long size, long limit) : this(message, size, limit, null)
    {
    }

    /// <summary>Creates the exception with the transport's own exception that found the size (AMQP 1.0: the link's limit).</summary>
    /// <param name="message">What was too large, with both sizes.</param>
    /// <param name="size">The size of what was too large, in bytes.</param>
    /// <param name="limit">The limit it exceeded, in bytes.</param>
    /// <param name="innerException">The transport's exception, or null.</param>
    public AmqpMessageTooLargeException(string message, long size, long limit, Exception? innerException) : base(message, innerException)
    {
        Size = size;
        Limit = limit;
    }

    /// <summary>The size, in bytes, of the part that was too large (the content header frame, or the body).</summary>
    public long Size { get; }

    /// <summary>The limit it exceeded, in bytes (frame_max, or the maximum message size; AMQP 1.0: the broker's max-message-size).</summary>
    public long Limit { get; }
}
