namespace TypedAmqp.Compare.Amqp10;

/// <summary>The AMQP 1.0 scenarios, implemented once per client library, against RabbitMQ 4's native AMQP 1.0.</summary>
internal interface IAmqp10ClientUnderTest : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Sends <paramref name="count"/> messages settled (fire and forget) to <paramref name="address"/>.</summary>
    Task SendSettledAsync(string address, int count);

    /// <summary>Sends unsettled, keeping <paramref name="inFlight"/> messages awaiting their outcome at most; every one must be accepted.</summary>
    Task SendUnsettledAsync(string address, int count, int inFlight);

    /// <summary>Receives <paramref name="count"/> messages with <paramref name="credit"/>, accepting each.</summary>
    Task ReceiveAsync(string address, int count, int credit);

    /// <summary>
    /// Runs a responder on <paramref name="requests"/> that answers each request on <paramref name="replies"/>, and makes
    /// <paramref name="count"/> sequential round trips; requests and replies go settled and are accepted by their
    /// receivers. Returns each round trip's latency in microseconds.
    /// </summary>
    Task<double[]> RequestResponseAsync(string requests, string replies, int count);
}
