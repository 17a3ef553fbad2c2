namespace TypedAmqp.Amqp10;

/// <summary>
/// How the node at one end of a link is kept: a sender's target or a receiver's source (part 3 section 3.5). Unset
/// fields are left out of the attach, so the peer applies the spec's defaults. The .NET form of Qpid Proton's
/// <c>DurableSubscription</c>, <c>DynamicNodeProperties</c> and capabilities link options.
/// </summary>
public sealed class Amqp10TerminusOptions
{
    /// <summary>What the peer keeps while the link is detached; <see cref="Amqp10TerminusDurability.Configuration"/> for a durable subscription.</summary>
    public Amqp10TerminusDurability? Durability { get; init; }

    /// <summary>When the detached terminus's expiry timer starts; <see cref="Amqp10TerminusExpiryPolicy.Never"/> for a durable subscription.</summary>
    public Amqp10TerminusExpiryPolicy? ExpiryPolicy { get; init; }

    /// <summary>How long the terminus survives after the expiry policy's event, in whole seconds (0: it expires at once).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Properties of the node the peer creates for a dynamic link (<see cref="Amqp10Client.CreateDynamicReceiverAsync"/>),
    /// such as <c>lifetime-policy</c>: a map with symbol keys. Ignored for a link to a named address.
    /// </summary>
    public Amqp10Value? DynamicNodeProperties { get; init; }

    /// <summary>Capabilities asked of the node (symbols, such as <c>queue</c>, <c>topic</c> or <c>shared</c>).</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }
}
