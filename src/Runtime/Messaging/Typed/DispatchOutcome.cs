namespace TypedAmqp.Messaging;

/// <summary>How a dispatcher settled one delivery.</summary>
public enum DispatchOutcome
{
    /// <summary>The handler succeeded and the message was acked (or the handler settled it itself).</summary>
    Handled,
    /// <summary>The handler threw; the message was nacked (requeued or dead-lettered by policy).</summary>
    HandlerFailed,
    /// <summary>The body could not be deserialized; the message was rejected without requeue (dead-lettered if configured).</summary>
    DeserializationFailed,
    /// <summary>No handler takes the message's type; the message was rejected without requeue.</summary>
    UnknownMessageType,
    /// <summary>
    /// The message's headers field table is malformed (a length that runs past its table, an unknown field type...);
    /// the handler was not called, and the message was dead-lettered without its unreadable headers (rejected without
    /// requeue when there is no dead-letter exchange).
    /// </summary>
    MalformedHeaders,
}
