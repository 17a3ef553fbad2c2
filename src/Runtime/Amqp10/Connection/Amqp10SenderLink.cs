namespace TypedAmqp.Amqp10;

/// <summary>
/// A sending link: messages go out as deliveries, settled (fire and forget) or unsettled (the peer's outcome awaited),
/// one delivery at a time, each as soon as the peer grants credit.
/// </summary>
internal sealed class Amqp10SenderLink : Amqp10Link
{
    private readonly SemaphoreSlim _sending = new(1, 1); // a link's deliveries must not interleave their frames

    internal Amqp10SenderLink(Amqp10Session session, string name, uint handle)
        : base(session, name, handle)
    {
    }

    /// <summary>Credit the peer has granted and this side has not used (under the lock).</summary>
    internal uint Credit { get; set; }

    /// <summary>The link's delivery-count: deliveries sent (under the lock).</summary>
    internal uint DeliveryCount { get; set; }

    /// <summary>The peer's credit: what it allows beyond the deliveries it has counted (part 2 section 2.6.7).</summary>
    internal override void OnFlow(Amqp10Flow flow)
    {
        uint peerCount = flow.DeliveryCount ?? 0;
        uint credit = flow.LinkCredit ?? 0;
        Credit = unchecked(peerCount + credit - DeliveryCount);
        if ((int)Credit < 0) Credit = 0;
    }

    /// <summary>Sends the message unsettled and returns the peer's outcome (accepted, rejected with its error, released, modified; null if it gave none).</summary>
    public ValueTask<Amqp10DeliveryState?> SendAsync(Amqp10Message message, CancellationToken cancellationToken = default) =>
        SendAsync(message, settled: false, cancellationToken);

    /// <summary>Sends the message settled: no outcome comes back; returns once the last frame is written.</summary>
    public async ValueTask SendSettledAsync(Amqp10Message message, CancellationToken cancellationToken = default) =>
        await SendAsync(message, settled: true, cancellationToken).ConfigureAwait(false);

    private async ValueTask<Amqp10DeliveryState?> SendAsync(Amqp10Message message, bool settled, CancellationToken cancellationToken)
    {
        Task<Amqp10DeliveryState?>? outcome = await StartSendAsync(message, settled, cancellationToken).ConfigureAwait(false);
        return outcome is null ? null : await outcome.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the message's frames (after waiting for credit and the session window) and returns the outcome still to
    /// come: null when sent settled. Split from the wait for the outcome so a caller can tell "never sent" from "sent,
    /// no outcome yet" when it gives up.
    /// </summary>
    internal async ValueTask<Task<Amqp10DeliveryState?>?> StartSendAsync(Amqp10Message message, bool settled, CancellationToken cancellationToken)
    {
        using Amqp10EncodedMessage encoded = Amqp10EncodedMessage.Encode(message);
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Held while the frames are written, not while the outcome is awaited: unsettled sends pipeline.
            return await Session.SendAsync(this, encoded.Memory, settled, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }
}
