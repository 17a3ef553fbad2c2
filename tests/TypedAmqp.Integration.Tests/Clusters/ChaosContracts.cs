namespace TypedAmqp.Integration.Clusters;

[MessageType("it.chaos.numbered")]
public sealed record Numbered(int Number);

/// <summary>
/// Where the chaos tests publish: a direct exchange, bound by the tests themselves to a quorum queue replicated over the
/// cluster. The queue is not a contract here: every host in this assembly declares the assembly's whole topology, and
/// declaring a quorum queue on a node just restarted waits for its replica to recover, which the recovery-latency
/// test would then measure.
/// </summary>
[Exchange("typedamqp.it.chaos", ExchangeKind.Direct)]
public interface IChaosPublisher
{
    [RoutingKey("numbered")]
    ValueTask Publish(Numbered message, CancellationToken cancellationToken = default);
}
