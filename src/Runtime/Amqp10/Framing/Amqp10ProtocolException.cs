namespace TypedAmqp.Amqp10;

/// <summary>
/// The AMQP 1.0 peer broke the protocol: a frame over the negotiated max-frame-size or with a bad data offset, an
/// unexpected protocol header, a performative without a mandatory field, a frame the connection's state does not allow.
/// Carries the error condition a connection is closed with (<see cref="Condition"/>, such as
/// <c>amqp:connection:framing-error</c>).
/// </summary>
/// <remarks>
/// Derives from <see cref="AmqpProtocolException"/> so existing handling of malformed peers applies; its 0-9-1 reply
/// code (501 frame error for framing, 502 syntax error otherwise) is the nearest match and is never sent on a 1.0
/// connection. Malformed encodings inside a frame are the type system's <see cref="Amqp10DecodeException"/>.
/// </remarks>
public sealed class Amqp10ProtocolException : AmqpProtocolException
{
    internal Amqp10ProtocolException(string condition, string message)
        : base(replyCode: condition == Amqp10Conditions.FramingError ? (ushort)501 : (ushort)502, $"AMQP 1.0 protocol error ({condition}): {message}")
    {
        Condition = condition;
    }

    /// <summary>The AMQP 1.0 error condition, one of <see cref="Amqp10Conditions"/>.</summary>
    public string Condition { get; }
}
