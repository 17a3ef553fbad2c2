namespace TypedAmqp.Messaging;

/// <summary>A running consumer of a queue, whatever the transport; dispose it (or cancel it) to stop.</summary>
public interface IMessageSubscription : IAsyncDisposable
{
    /// <summary>The queue consumed, by the broker's name.</summary>
    string Queue { get; }

    /// <summary>Completes with the reason once the consumer has stopped for good.</summary>
    Task<ConsumerStopReason> Stopped { get; }

    /// <summary>Stops consuming, and waits for running handlers to finish (up to <paramref name="cancellationToken"/>).</summary>
    ValueTask CancelAsync(CancellationToken cancellationToken = default);
}
