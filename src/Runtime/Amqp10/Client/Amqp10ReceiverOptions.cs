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
    /// How many deliveries the peer may send ahead of the application (link credit, at least 1 with automatic credit):
    /// at most this many wait in memory for the application. Credit is granted once the link is attached and, with
    /// <see cref="AutomaticCredit"/>, comes back as the application takes messages, once half of it is used. With manual
    /// credit it is granted once, when attached (0 grants none); after a reconnect, the link attached again is granted
    /// what the lost one still owed: its unused credit and the unsettled deliveries the peer delivers again.
    /// </summary>
    public uint Credit { get; init; } = 100;

    /// <summary>
    /// Whether credit is renewed as messages are taken (the default). False leaves credit to the application:
    /// <see cref="Amqp10Receiver.AddCreditAsync"/> grants more and <see cref="Amqp10Receiver.DrainAsync"/> asks the peer
    /// to use up or give back what is left (Proton's <c>credit_window=0</c> with <c>Link.flow</c> and <c>drain</c>).
    /// </summary>
    public bool AutomaticCredit { get; init; } = true;

    /// <summary>
    /// The largest message this receiver takes, in bytes, announced in the attach; null for no limit. A delivery over it
    /// detaches the link with <c>amqp:link:message-size-exceeded</c> (see <see cref="Amqp10MessageSizeExceededException"/>).
    /// </summary>
    public ulong? MaxMessageSize { get; init; }

    /// <summary>
    /// <see cref="Amqp10ReceiverSettleMode.First"/> (the default: a settlement is final when sent) or
    /// <see cref="Amqp10ReceiverSettleMode.Second"/> (the outcome goes unsettled and a settle call completes once the
    /// sender has settled). The peer may refuse second by answering first: <see cref="Amqp10Receiver.ReceiverSettleMode"/>
    /// says what applies.
    /// </summary>
    public Amqp10ReceiverSettleMode ReceiverSettleMode { get; init; } = Amqp10ReceiverSettleMode.First;

    /// <summary>How the source is kept (durability, expiry, timeout, capabilities, dynamic node properties); null leaves the spec's defaults.</summary>
    public Amqp10TerminusOptions? Source { get; init; }

    /// <summary>Move (consume) or copy (browse); null leaves it to the node.</summary>
    public Amqp10DistributionMode? DistributionMode { get; init; }

    /// <summary>The source's filter set, such as <see cref="Amqp10Filter.Selector"/>; null or empty sends none.</summary>
    public IReadOnlyList<Amqp10Filter>? Filters { get; init; }
}
