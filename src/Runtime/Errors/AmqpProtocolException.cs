
namespace TypedAmqp;

/// <summary>
/// The peer broke the AMQP 0-9-1 framing or method rules (a bad frame-end octet, an oversized frame, an unknown
/// method or field type...). The connection is closed with <see cref="ReplyCode"/>.
/// </summary>
public class AmqpProtocolException : AmqpException
{
    /// <summary>Creates the exception with the reply code the connection is closed with.</summary>
    public AmqpProtocolException(ushort replyCode, string message) : base(message)
    {
        ReplyCode = replyCode;
    }

    /// <summary>The reply code sent to the peer: 501 frame error, 502 syntax error, 505 unexpected frame, 540 not implemented...</summary>
    public ushort ReplyCode { get; }
}
