
namespace TypedAmqp;

/// <summary>The connection is closed: by the broker (with its reply code and text), by the application, or after a failure.</summary>
public class AmqpConnectionClosedException : AmqpException
{
    /// <summary>Creates the exception from the close reason.</summary>
    public AmqpConnectionClosedException(CloseReason reason, Exception? innerException = null)
        : base($"The AMQP connection is closed: {reason}.", innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the connection closed.</summary>
    public CloseReason Reason { get; }

    /// <summary>The AMQP reply code, such as 320 (connection forced) or 501 (frame error).</summary>
    public ushort ReplyCode => Reason.ReplyCode;
}
