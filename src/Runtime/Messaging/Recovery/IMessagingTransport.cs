namespace TypedAmqp.Messaging;

/// <summary>
/// A broker connection with the typed messaging surface over it, kept up across losses: what the host runs on,
/// whatever the protocol. The AMQP 0-9-1 one is <see cref="Amqp091.RecoveringMessaging"/>.
/// </summary>
public interface IMessagingTransport : IMessagePublisher, ITopologyDeclarer, IAsyncDisposable
{
    /// <summary>Where the connection stands now, for health checks and logs (never credentials).</summary>
    TransportStatus Status { get; }

    /// <summary>
    /// Connects for the first time, retrying an unreachable broker for up to <paramref name="retryFor"/> (zero: one
    /// attempt), then throwing the last failure; definite refusals (such as wrong credentials) throw at once.
    /// </summary>
    ValueTask ConnectAsync(TimeSpan retryFor, CancellationToken cancellationToken);

    /// <summary>
    /// Starts consuming the queue <paramref name="queue"/> refers to (a name, or a server-named queue's key) and keeps
    /// it consumed across recoveries. The first start's failure is thrown; later ones are retried and reported.
    /// </summary>
    ValueTask<IRecoveringSubscription> SubscribeAsync(
        string queue, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken);

    /// <summary>
    /// Stops gracefully: consumers cancelled with running handlers allowed to finish, awaited confirms allowed to
    /// arrive, both up to <paramref name="cancellationToken"/>; then the connection is closed.
    /// </summary>
    ValueTask CloseAsync(CancellationToken cancellationToken);
}
