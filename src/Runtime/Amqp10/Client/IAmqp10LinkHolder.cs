namespace TypedAmqp.Amqp10;

/// <summary>What the client's reconnect loop does with each sender's and receiver's link holder.</summary>
internal interface IAmqp10LinkHolder
{
    /// <summary>
    /// Attaches the link again on <paramref name="connection"/> (nothing when it is on it already) and hands it to
    /// whoever waits. A refusal throws, with the connection still up; the loop then fails this holder alone.
    /// </summary>
    Task ReattachAsync(Amqp10Connection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Stops the holder for good: whoever waits for the next link, and whoever asks later, gets <paramref name="reason"/>.
    /// A link still being attached again is then closed, or with <paramref name="closeUnwanted"/> false detached so that a
    /// durable terminus survives.
    /// </summary>
    void Fail(Exception reason, bool closeUnwanted = true);
}
