
namespace TypedAmqp;

/// <summary>The broker did not accept a published message: it answered with basic.nack, or returned it as unroutable.</summary>
public sealed class PublishException : AmqpException
{
    /// <summary>Creates the exception for a publish sequence number.</summary>
    public PublishException(ulong sequenceNumber, bool returned, ushort replyCode, string reason)
        : base(returned
            ? $"Message {sequenceNumber} was returned by the broker: {replyCode} {reason}."
            : $"Message {sequenceNumber} was not confirmed by the broker (basic.nack): {reason}.")
    {
        SequenceNumber = sequenceNumber;
        IsReturn = returned;
        ReplyCode = replyCode;
    }

    /// <summary>The publisher-confirm sequence number of the message on its channel.</summary>
    public ulong SequenceNumber { get; }

    /// <summary>True when the message was returned (unroutable mandatory message); false when it was nacked.</summary>
    public bool IsReturn { get; }

    /// <summary>The reply code of the return (for example 312 NO_ROUTE), or 0 for a nack.</summary>
    public ushort ReplyCode { get; }
}
