
namespace TypedAmqp;

/// <summary>Why a connection or channel was closed, as carried by a connection.close or channel.close method.</summary>
/// <param name="ReplyCode">The AMQP reply code, such as 404 (not found) or 406 (precondition failed).</param>
/// <param name="ReplyText">The peer's explanation.</param>
/// <param name="ClassId">The class of the method that caused the close, or 0.</param>
/// <param name="MethodId">The method that caused the close, or 0.</param>
/// <param name="Initiator">Who closed: the broker, this client, or the library after a failure.</param>
public sealed record CloseReason(ushort ReplyCode, string ReplyText, ushort ClassId, ushort MethodId, CloseInitiator Initiator)
{
    /// <summary>The name of the method that caused the close, such as "queue.declare", or null when none was named.</summary>
    public string? MethodName => ClassId == 0 ? null : AmqpMethodNames.Of(ClassId, MethodId);

    /// <inheritdoc />
    public override string ToString() =>
        MethodName is null
            ? $"{ReplyCode} {ReplyText} (closed by {Initiator.ToString().ToLowerInvariant()})"
            : $"{ReplyCode} {ReplyText} (closed by {Initiator.ToString().ToLowerInvariant()} in reply to {MethodName})";
}

/// <summary>Who initiated a close.</summary>
public enum CloseInitiator
{
    /// <summary>The broker sent the close method.</summary>
    Broker,
    /// <summary>The application asked for the close.</summary>
    Application,
    /// <summary>The library closed after a failure such as a protocol error or a lost socket.</summary>
    Library,
}
