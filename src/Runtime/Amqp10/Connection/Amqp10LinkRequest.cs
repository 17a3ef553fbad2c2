namespace TypedAmqp.Amqp10;

/// <summary>
/// What this side asks for when it attaches a link: the name, the termini, settle modes, max-message-size, link
/// properties and, for a receiver, its credit. The session turns it into the attach performative.
/// </summary>
internal sealed record Amqp10LinkRequest
{
    public required string Name { get; init; }

    /// <summary>A receiver's source carries the address (or dynamic=true); a sender's source is empty.</summary>
    public Amqp10Source Source { get; init; } = new();

    /// <summary>A sender's target carries the address (or dynamic=true); a receiver's target is empty.</summary>
    public Amqp10Target Target { get; init; } = new();

    public Amqp10SenderSettleMode SenderSettleMode { get; init; } = Amqp10SenderSettleMode.Mixed;

    public Amqp10ReceiverSettleMode ReceiverSettleMode { get; init; } = Amqp10ReceiverSettleMode.First;

    /// <summary>The largest message this end accepts (a receiver enforces it); null or 0 for no limit.</summary>
    public ulong? MaxMessageSize { get; init; }

    public string[]? DesiredCapabilities { get; init; }

    public Amqp10Value? Properties { get; init; }

    /// <summary>A receiver's credit: the window it keeps open (automatic), or the credit it grants once attached (manual).</summary>
    public uint Credit { get; init; } = 100;

    /// <summary>Whether a receiver tops its credit up as messages are taken; false leaves credit to the application.</summary>
    public bool AutomaticCredit { get; init; } = true;
}
