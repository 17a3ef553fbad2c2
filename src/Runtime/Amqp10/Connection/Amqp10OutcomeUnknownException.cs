namespace TypedAmqp.Amqp10;

/// <summary>
/// A message was written, in whole or in part, but its link, session or connection stopped before the peer's outcome
/// came: the peer may or may not have taken it. Send it again if it must arrive (the receiver may then see it twice),
/// or let the client do so (<see cref="Amqp10ReconnectOptions.ResendUnsettled"/>).
/// </summary>
public sealed class Amqp10OutcomeUnknownException : Amqp10ClosedException
{
    internal Amqp10OutcomeUnknownException(string linkName, Amqp10ClosedException stopped)
        : base(stopped.Scope, $"a message sent on link '{linkName}' got no outcome before the {stopped.Scope} stopped, so the peer may or may not have taken it; the inner exception says why it stopped", stopped.Error, stopped)
    {
        LinkName = linkName;
    }

    /// <summary>The name of the link the message went out on.</summary>
    public string LinkName { get; }
}
