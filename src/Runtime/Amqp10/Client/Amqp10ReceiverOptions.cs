namespace TypedAmqp.Amqp10;

/// <summary>How <see cref="Amqp10Client.CreateReceiverAsync"/> attaches a receiver.</summary>
public sealed class Amqp10ReceiverOptions
{
    /// <summary>The link's name; null makes one unique to the client.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// At-least-once (the default: each delivery waits for this side's accept, reject, release or modify) or
    /// at-most-once (the peer sends settled; settling does nothing).
    /// </summary>
    public Amqp10DeliveryGuarantee Guarantee { get; init; } = Amqp10DeliveryGuarantee.AtLeastOnce;

    /// <summary>
    /// How many deliveries the peer may send ahead of the application (link credit, at least 1): at most this many wait
    /// in memory for the application. Credit is granted once the link is attached and comes back as the application
    /// takes messages, once half of it is used.
    /// </summary>
    public uint Credit { get; init; } = 100;
}
