namespace TypedAmqp.Integration.Clusters;

[MessageType("it.chaos.numbered")]
public sealed record Numbered(int Number);

/// <summary>Where the chaos tests publish: a direct exchange in front of a quorum queue replicated over the cluster.</summary>
[Exchange("typedamqp.it.chaos", ExchangeKind.Direct)]
public interface IChaosPublisher
{
    [RoutingKey("numbered")]
    ValueTask Publish(Numbered message, CancellationToken cancellationToken = default);
}

[Queue("typedamqp.it.chaos.numbered", QueueKind.Quorum)]
[Binding(typeof(IChaosPublisher), "numbered")]
public interface IChaosQueue
{
}
