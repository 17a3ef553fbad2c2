namespace TypedAmqp.Amqp10;

/// <summary>How <see cref="Amqp10Client.CreateSenderAsync"/> attaches a sender.</summary>
public sealed class Amqp10SenderOptions
{
    /// <summary>The link's name; null makes one unique to the client. A peer may use it to tell links apart (or to resume one).</summary>
    public string? Name { get; init; }

    /// <summary>At-least-once (the default: each send returns the peer's outcome) or at-most-once (sent settled, no outcome).</summary>
    public Amqp10DeliveryGuarantee Guarantee { get; init; } = Amqp10DeliveryGuarantee.AtLeastOnce;

    /// <summary>
    /// How long one message may take, from the call until its outcome (or, at most once, until it is written): the wait
    /// for the peer's credit included. Past it the send fails with a <see cref="TimeoutException"/> that says whether the
    /// message was sent. <see cref="Timeout.InfiniteTimeSpan"/> waits as long as the cancellation token allows.
    /// </summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest message this sender sends, in bytes, announced in the attach; null announces none. The peer's own limit is enforced either way.</summary>
    public ulong? MaxMessageSize { get; init; }

    /// <summary>How the target is kept (durability, expiry, timeout, capabilities, dynamic node properties); null leaves the spec's defaults.</summary>
    public Amqp10TerminusOptions? Target { get; init; }
}
