
namespace TypedAmqp;

/// <summary>
/// A channel is closed, typically by the broker in reply to a failed operation (404 for a missing queue,
/// 406 for a conflicting declaration). The connection and its other channels stay open.
/// </summary>
public class AmqpChannelClosedException : AmqpException
{
    /// <summary>Creates the exception for a channel and its close reason.</summary>
    public AmqpChannelClosedException(ushort channelNumber, CloseReason reason, Exception? innerException = null)
        : base($"AMQP channel {channelNumber} is closed: {reason}.", innerException)
    {
        ChannelNumber = channelNumber;
        Reason = reason;
    }

    /// <summary>The number of the closed channel.</summary>
    public ushort ChannelNumber { get; }

    /// <summary>Why the channel closed.</summary>
    public CloseReason Reason { get; }

    /// <summary>The AMQP reply code, such as 404 (not found) or 406 (precondition failed).</summary>
    public ushort ReplyCode => Reason.ReplyCode;
}
