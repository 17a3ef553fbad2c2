namespace TypedAmqp.Messaging;

/// <summary>Transport-neutral consuming: messages of a queue go to a handler with the given prefetch and concurrency.</summary>
public interface IMessageSubscriber
{
    /// <summary>Starts consuming <paramref name="queue"/>; dispose the result to stop.</summary>
    ValueTask<IMessageSubscription> SubscribeAsync(
        string queue, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken);
}
