namespace TypedAmqp.Fuzzing.Targets;

/// <summary>The ways the runtime is documented to fail on a broker's bad input; anything else is a defect.</summary>
internal static class ExpectedFailures
{
    /// <summary>What an awaited operation, a log entry or a close may carry: the runtime's own exceptions.</summary>
    public static bool IsDocumented(Exception exception) => exception is AmqpException;

    /// <summary>
    /// Why the read loop may end a connection: a protocol error, or the broker's stream ending (in the middle of a
    /// frame too: the target ends every input by closing the pipe). None when the broker closed it with connection.close.
    /// </summary>
    public static bool IsDocumentedCloseCause(Exception? cause) => cause is null or AmqpProtocolException or EndOfStreamException;
}
