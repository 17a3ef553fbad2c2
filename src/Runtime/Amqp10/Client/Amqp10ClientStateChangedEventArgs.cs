namespace TypedAmqp.Amqp10;

/// <summary>What <see cref="Amqp10Client.StateChanged"/> reports: the new state, the endpoint it concerns and why.</summary>
public sealed class Amqp10ClientStateChangedEventArgs : EventArgs
{
    internal Amqp10ClientStateChangedEventArgs(Amqp10ClientState state, string endpoint, Exception? reason)
    {
        State = state;
        Endpoint = endpoint;
        Reason = reason;
    }

    /// <summary>The state the client is in now.</summary>
    public Amqp10ClientState State { get; }

    /// <summary>Connected: the endpoint now in use (a failover endpoint, possibly). Otherwise the one that was lost.</summary>
    public string Endpoint { get; }

    /// <summary>Why the connection was lost, or why the client stopped; null on a reconnect and on a clean close.</summary>
    public Exception? Reason { get; }
}
