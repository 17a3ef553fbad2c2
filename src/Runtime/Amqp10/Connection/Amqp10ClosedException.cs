namespace TypedAmqp.Amqp10;

/// <summary>
/// An AMQP 1.0 connection, session or link is closed: the peer closed, ended or detached it (with its error condition
/// and description when it gave one), the socket was lost, or the peer stayed silent past the idle timeout.
/// </summary>
public class Amqp10ClosedException : AmqpException
{
    internal Amqp10ClosedException(string scope, string message, Amqp10Error? error = null, Exception? innerException = null)
        : base(error is null ? $"The AMQP 1.0 {scope} is closed: {message}." : $"The AMQP 1.0 {scope} is closed: {message} ({error}).", innerException)
    {
        Scope = scope;
        Error = error;
    }

    /// <summary>The same closure again, for another caller to throw: its message, scope and error, with it as the inner exception.</summary>
    internal Amqp10ClosedException(Amqp10ClosedException original)
        : base(original.Message, original)
    {
        Scope = original.Scope;
        Error = original.Error;
    }

    /// <summary>"connection", "session" or "link".</summary>
    public string Scope { get; }

    /// <summary>The peer's error, if it gave one.</summary>
    public Amqp10Error? Error { get; }

    /// <summary>The peer's error condition (such as <c>amqp:not-found</c>), or null.</summary>
    public string? Condition => Error?.Condition;
}
