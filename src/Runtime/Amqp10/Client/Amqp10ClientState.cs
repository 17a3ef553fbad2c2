namespace TypedAmqp.Amqp10;

/// <summary>Where an <see cref="Amqp10Client"/> is in its life.</summary>
public enum Amqp10ClientState
{
    /// <summary>Connected: senders and receivers work.</summary>
    Connected,

    /// <summary>The connection was lost and the client is reconnecting: sends wait (within their timeout), receives wait.</summary>
    Reconnecting,

    /// <summary>Stopped for good: closed by the application, lost without reconnect, or reconnecting gave up (see <see cref="Amqp10Client.Failure"/>).</summary>
    Closed,
}
