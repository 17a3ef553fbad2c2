namespace TypedAmqp.Compare;

/// <summary>The typed scenarios (a record serialized as JSON), implemented once per messaging library.</summary>
internal interface ITypedClientUnderTest : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The queue the publish scenario fills and the consume scenario drains; purged between runs.</summary>
    string Queue { get; }

    /// <summary>Publishes <paramref name="count"/> orders with publisher confirms, <paramref name="inFlight"/> unconfirmed at most.</summary>
    Task PublishConfirmedAsync(int count, int inFlight);

    /// <summary>Consumes <paramref name="count"/> orders already in <see cref="Queue"/>; nothing consumes it outside this call.</summary>
    Task ConsumeAsync(int count);

    /// <summary>Makes <paramref name="count"/> sequential typed round trips; returns each one's latency in microseconds.</summary>
    Task<double[]> RequestResponseAsync(int count);
}
