namespace TypedAmqp.Messaging;

/// <summary>In which order a connection tries its endpoints, at every connect and reconnect.</summary>
public enum EndpointOrder
{
    /// <summary>As listed: the first is preferred, the others are failovers.</summary>
    InOrder,

    /// <summary>Shuffled at every attempt, so that many clients spread over the nodes of a cluster.</summary>
    Shuffled,
}
