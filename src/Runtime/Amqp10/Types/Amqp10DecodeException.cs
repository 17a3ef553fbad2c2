namespace TypedAmqp.Amqp10;

/// <summary>
/// AMQP 1.0 bytes that do not decode: an unknown constructor, a value cut short, a size or count that does not fit,
/// another type where one was required, invalid UTF-8 or a non-ASCII symbol, nesting beyond
/// <see cref="Amqp10Reader.MaxDepth"/>. Carries the error condition a connection is closed with
/// (<c>amqp:decode-error</c>) and the offset of the offending byte from the start of the decoded input.
/// </summary>
/// <remarks>
/// Derives from <see cref="AmqpProtocolException"/> so existing handling of malformed peers applies; its 0-9-1
/// reply code is 502 (syntax error), the nearest match, which an AMQP 1.0 connection does not send.
/// </remarks>
public sealed class Amqp10DecodeException : AmqpProtocolException
{
    /// <summary>The condition every decode failure carries.</summary>
    public const string DecodeErrorCondition = "amqp:decode-error";

    internal Amqp10DecodeException(string message, long offset)
        // 502: the 0-9-1 syntax error (see the remarks), written out so that the 1.0 codec needs nothing of the 0-9-1 one.
        : base(replyCode: 502, $"AMQP 1.0 decode error at offset {offset}: {message}")
    {
        Offset = offset;
    }

    /// <summary>The AMQP 1.0 error condition: always <c>amqp:decode-error</c>.</summary>
    public string Condition => DecodeErrorCondition;

    /// <summary>The offset of the offending byte (a constructor, a size field, the bytes of a string...).</summary>
    public long Offset { get; }
}
