using System.Runtime.CompilerServices;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A sending link: messages go out as deliveries, settled (fire and forget) or unsettled (the peer's outcome awaited),
/// one delivery at a time, each as soon as the peer grants credit. A drain from the peer is answered once no send is
/// waiting (or no credit is left): the delivery-count advances past the unused credit and a flow of credit 0 tells it.
/// </summary>
internal sealed class Amqp10SenderLink : Amqp10Link
{
    private readonly AsyncLock _sending = new(); // a link's deliveries must not interleave their frames
    private readonly SpareBuffers _encodings = new(); // for its messages encoded and waiting for their turn
    private int _pendingSends; // sends started and not yet written (under the lock)
    private bool _drainRequested; // the peer asked for a drain this side has not answered yet (under the lock)

    internal Amqp10SenderLink(Amqp10Session session, string name, uint handle)
        : base(session, name, handle)
    {
    }

    /// <summary>Credit the peer has granted and this side has not used (under the lock).</summary>
    internal uint Credit { get; set; }

    /// <summary>The link's delivery-count: deliveries sent (under the lock).</summary>
    internal uint DeliveryCount { get; set; }

    /// <summary>
    /// The peer's credit: what it allows beyond the deliveries it has counted (part 2 section 2.6.7). With drain set
    /// and nothing waiting to be sent, the answer to the drain; with sends waiting, it comes once they are written.
    /// </summary>
    internal override Amqp10Flow? OnFlow(Amqp10Flow flow)
    {
        uint peerCount = flow.DeliveryCount ?? 0;
        uint credit = flow.LinkCredit ?? 0;
        Credit = unchecked(peerCount + credit - DeliveryCount);
        if ((int)Credit < 0) Credit = 0;
        if (flow.Drain != true) return null;
        _drainRequested = true;
        return AnswerDrain();
    }

    /// <summary>Uses up the credit left by advancing the delivery-count, once no send waits for it; under the lock.</summary>
    private Amqp10Flow? AnswerDrain()
    {
        if (!_drainRequested || (_pendingSends > 0 && Credit > 0) || Failure is not null || DetachSent) return null;
        _drainRequested = false;
        DeliveryCount = unchecked(DeliveryCount + Credit);
        Credit = 0;
        return Session.SessionFlow(Handle, DeliveryCount, 0) with { Drain = true };
    }

    /// <summary>
    /// The link stopped (detached by either side, or failed): its deliveries still unsettled will get no outcome, and its
    /// sends waiting for credit will get none either, so they are woken to find the link stopped.
    /// </summary>
    protected override void Stopped(Exception failure)
    {
        Session.FailOutcomesOf(this, failure);
        Session.WakeSendersWaitingForCredit();
    }

    /// <summary>The peer's max-message-size from its attach; null when it set none (or 0: no limit).</summary>
    internal ulong? PeerMaxMessageSize => RemoteAttach.MaxMessageSize is > 0 ? RemoteAttach.MaxMessageSize : null;

    /// <summary>Sends the message unsettled and returns the peer's outcome (accepted, rejected with its error, released, modified; null if it gave none).</summary>
    public ValueTask<Amqp10DeliveryState?> SendAsync(Amqp10Message message, CancellationToken cancellationToken = default) =>
        SendAsync(message, settled: false, cancellationToken);

    /// <summary>Sends the message settled: no outcome comes back; returns once the last frame is written.</summary>
    public async ValueTask SendSettledAsync(Amqp10Message message, CancellationToken cancellationToken = default) =>
        await SendAsync(message, settled: true, cancellationToken).ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<Amqp10DeliveryState?> SendAsync(Amqp10Message message, bool settled, CancellationToken cancellationToken)
    {
        Amqp10PendingOutcome? outcome = await StartSendAsync(message, settled, cancellationToken).ConfigureAwait(false);
        if (outcome is null) return null;
        try
        {
            outcome.CancelWith(cancellationToken);
            return await outcome.AsValueTask().ConfigureAwait(false);
        }
        catch (Amqp10ClosedException e) when (e is not Amqp10OutcomeUnknownException)
        {
            // Written, then stopped before the outcome: the same as stopping while it was written.
            throw new Amqp10OutcomeUnknownException(Name, e);
        }
    }

    /// <summary>
    /// Writes the message's frames (after waiting for credit and the session window) and returns the outcome still to
    /// come: null when sent settled. Split from the wait for the outcome so a caller can tell "never sent" from "sent,
    /// no outcome yet" when it gives up.
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    internal async ValueTask<Amqp10PendingOutcome?> StartSendAsync(Amqp10Message message, bool settled, CancellationToken cancellationToken)
    {
        using Amqp10EncodedMessage encoded = Amqp10EncodedMessage.Encode(message, _encodings);
        if (PeerMaxMessageSize is { } limit && (ulong)encoded.Memory.Length > limit)
        {
            throw new Amqp10MessageSizeExceededException(
                $"The message of {encoded.Memory.Length} bytes for '{RemoteAttach.Target?.Address ?? LocalAttach.Target?.Address}' on link '{Name}' exceeds the peer's max-message-size of {limit} bytes: nothing was sent, and the link stays attached.",
                (ulong)encoded.Memory.Length, limit, Name);
        }

        lock (Sync) _pendingSends++;
        try
        {
            await _sending.EnterAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Held while the frames are written, not while the outcome is awaited: unsettled sends pipeline.
                return await Session.SendAsync(this, encoded.Memory, settled, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sending.Exit();
            }
        }
        finally
        {
            await SendDoneAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Counts a send as done (written, failed or given up) and answers a drain that waited for it.</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    private async ValueTask SendDoneAsync()
    {
        Amqp10Flow? answer;
        lock (Sync)
        {
            _pendingSends--;
            answer = AnswerDrain();
        }

        if (answer is not { } flow) return;
        try
        {
            await Session.Connection.WriteAsync(Session.Channel, flow, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Amqp10ClosedException)
        {
            // The connection is gone: there is no drain left to answer.
        }
    }
}
