namespace TypedAmqp.Compare;

/// <summary>The same scenarios, implemented once per client library.</summary>
internal interface IClientUnderTest : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Publishes <paramref name="count"/> messages without confirms.</summary>
    Task PublishAsync(string queue, int count);

    /// <summary>Publishes with publisher confirms, keeping <paramref name="inFlight"/> unconfirmed at most.</summary>
    Task PublishConfirmedAsync(string queue, int count, int inFlight);

    /// <summary>Consumes <paramref name="count"/> messages with the given prefetch, acking every <paramref name="ackEvery"/> with one multiple ack.</summary>
    Task ConsumeAsync(string queue, int count, ushort prefetch, int ackEvery);

    /// <summary>
    /// Runs a responder on <paramref name="queue"/> and makes <paramref name="count"/> sequential request/response round
    /// trips over direct reply-to; returns each round trip's latency in microseconds.
    /// </summary>
    Task<double[]> RequestResponseAsync(string queue, int count);

    /// <summary>
    /// Consumes <paramref name="queue"/> and makes <paramref name="count"/> plain round trips on the same connection: publish
    /// one message (no confirms), wait until the consumer has it and acked it, then the next; returns each one's latency
    /// in microseconds.
    /// </summary>
    Task<double[]> PlainRoundTripAsync(string queue, int count);
}
