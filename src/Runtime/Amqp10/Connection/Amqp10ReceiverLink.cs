using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A receiving link: grants credit once attached, joins the transfer frames of each delivery, and queues whole
/// messages for <see cref="ReceiveAsync"/>. With automatic credit, credit is topped up once credit and the messages
/// that arrived but were not taken yet are down to half the window, so a slow application slows the peer instead of
/// filling memory; with manual credit only <see cref="AddCreditAsync"/> grants more, and <see cref="DrainAsync"/> asks
/// the peer to use up or give back what is left. Deliveries are settled by this side with their outcome (accept,
/// reject, release, modify): in settle mode first at once, in mode second once the sender has settled.
/// </summary>
/// <remarks>
/// RabbitMQ 3.10's plugin, granted credit while credit it had is unused, sends up to that unused credit more than the
/// flow allows (seen: credit 8 granted at delivery-count 8 with 4 unused, 12 sent). Up to one window beyond the credit
/// is therefore tolerated (<see cref="_overdrawn"/>); more is <c>amqp:link:transfer-limit-exceeded</c>.
/// </remarks>
internal sealed class Amqp10ReceiverLink : Amqp10Link
{
    private readonly uint _creditWindow;
    private readonly bool _automaticCredit;
    private readonly bool _settledByPeer; // at most once: the peer sends every delivery settled
    private readonly ulong _maxMessageSize; // 0: no limit
    private uint _tolerance; // deliveries beyond the credit tolerated (the largest grant so far; under the lock)
    private TaskCompletionSource? _drained; // a drain this side asked for, until the peer's flow answers it (under the lock)
    private readonly Channel<Amqp10Delivery> _deliveries = Channel.CreateUnbounded<Amqp10Delivery>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Buffers.PooledBufferWriter _payload = new(); // the delivery being joined (read loop only)
    private uint _currentDeliveryId;
    private bool _currentSettled;
    private bool _inDelivery;
    private uint _queued; // messages in _deliveries (at most; under the lock)
    private uint _overdrawn; // deliveries the peer sent beyond the credit since the last grant (under the lock)
    private uint _unsettledTaken; // unsettled deliveries handed out and not settled yet (under the lock)

    internal Amqp10ReceiverLink(Amqp10Session session, string name, uint handle, uint credit, bool automaticCredit = true, ulong maxMessageSize = 0, bool settledByPeer = false)
        : base(session, name, handle)
    {
        _settledByPeer = settledByPeer;
        _creditWindow = credit;
        _automaticCredit = automaticCredit;
        _maxMessageSize = maxMessageSize;
        _tolerance = credit;
    }

    /// <summary>Whether this side settles second (it asked for rcv-settle-mode second and the peer's attach agreed).</summary>
    internal bool SettlesSecond { get; private set; }

    /// <summary>Credit granted and not yet used (under the lock).</summary>
    internal uint Credit { get; private set; }

    /// <summary>
    /// What a manual-credit link attached in place of this lost one must grant for the application to get what it
    /// asked for: the credit unused, plus the unsettled deliveries the peer will deliver again (those queued and those
    /// handed out but not settled). At most once, queued deliveries are handed out, so they need none.
    /// </summary>
    internal uint CreditToRestore
    {
        get
        {
            lock (Sync) return Credit + _unsettledTaken + (_settledByPeer ? 0 : _queued);
        }
    }

    /// <summary>The link's delivery-count: deliveries received, counted from the sender's initial one (under the lock).</summary>
    internal uint DeliveryCount { get; private set; }

    protected override Amqp10Reply Attached(Amqp10Attach attach, Amqp10Attach ours)
    {
        // Credit only after the peer's attach: RabbitMQ refuses a flow for a link it has not attached yet.
        DeliveryCount = attach.InitialDeliveryCount ?? 0;
        SettlesSecond = ours.ReceiverSettleMode == Amqp10ReceiverSettleMode.Second && attach.ReceiverSettleMode == Amqp10ReceiverSettleMode.Second;
        Credit = _creditWindow;
        return Credit == 0 ? default : new Amqp10Reply { Flow = (Session.Channel, Session.SessionFlow(Handle, DeliveryCount, Credit)) };
    }

    /// <summary>
    /// A sender's flow: with no credit left (link-credit 0) it answers a drain this side asked for, its delivery-count
    /// advanced past the credit it did not use. Other sender flows (available) change nothing this side tracks: their
    /// credit may predate this side's latest grant.
    /// </summary>
    internal override Amqp10Flow? OnFlow(Amqp10Flow flow)
    {
        if (_drained is null || flow.LinkCredit is not 0 || flow.DeliveryCount is not { } count) return null;
        if ((int)(count - DeliveryCount) > 0) DeliveryCount = count;
        Credit = 0;
        _drained.TrySetResult();
        _drained = null;
        return null;
    }

    /// <summary>
    /// Grants <paramref name="credit"/> more (manual credit): the peer may send that many more deliveries than it has
    /// so far. Credit adds up until deliveries use it or a drain gives it back.
    /// </summary>
    public async ValueTask AddCreditAsync(uint credit, CancellationToken cancellationToken = default)
    {
        Amqp10Flow flow;
        lock (Sync)
        {
            if (_automaticCredit) throw new InvalidOperationException($"Link '{Name}' renews its credit automatically: attach it with manual credit to grant credit by hand.");
            ThrowIfStopped();
            if (credit == 0) return;
            Credit = checked(Credit + credit);
            _tolerance = Math.Max(_tolerance, credit);
            _overdrawn = 0;
            flow = Session.SessionFlow(Handle, DeliveryCount, Credit);
        }

        try
        {
            // Not cancellable: the credit is counted already, so the peer must hear of it (the write lock is only ever
            // held for a write, so this wait is short).
            await Session.Connection.WriteAsync(Session.Channel, flow, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Amqp10ClosedException) when (Session.Connection.IsStopped)
        {
            // Counted, and the connection is gone: a reconnecting client grants it on the link attached next
            // (CreditToRestore); otherwise the next receive reports the loss.
        }
    }

    /// <summary>
    /// Asks the peer to use up the credit it has (drain): it sends what it can, then advances its delivery-count past the
    /// rest and answers with a flow of credit 0. Completes with that answer, or at once when no credit is left.
    /// Cancelling stops the wait only: the peer still answers, and the credit is 0 once it has.
    /// </summary>
    public async ValueTask DrainAsync(CancellationToken cancellationToken = default)
    {
        Task answered;
        Amqp10Flow? flow = null;
        lock (Sync)
        {
            if (_automaticCredit) throw new InvalidOperationException($"Link '{Name}' renews its credit automatically, so a drain would be undone at once: attach it with manual credit to drain.");
            ThrowIfStopped();
            if (Credit == 0 && _drained is null) return;
            if (_drained is null)
            {
                _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                flow = Session.SessionFlow(Handle, DeliveryCount, Credit) with { Drain = true };
            }

            answered = _drained.Task;
        }

        // The drain is recorded, so its flow goes out whatever the token says; the token stops the wait for the answer.
        if (flow is { } drain) await Session.Connection.WriteAsync(Session.Channel, drain, CancellationToken.None).ConfigureAwait(false);
        await answered.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds one transfer frame; true when credit needs topping up. A delivery over this side's max-message-size detaches
    /// the link (<paramref name="detach"/>, with <c>amqp:link:message-size-exceeded</c>). Runs on the read loop, under the lock.
    /// </summary>
    internal bool OnTransfer(Amqp10Transfer transfer, ReadOnlySpan<byte> payload, out Amqp10Detach? detach)
    {
        detach = null;
        if (Failure is not null || DetachSent) return false; // transfers in flight when this side detached
        if (!_inDelivery)
        {
            if (transfer.DeliveryId is not { } id)
            {
                throw new Amqp10ProtocolException(Amqp10Conditions.InvalidField, $"the first transfer of a delivery on link '{Name}' has no delivery-id");
            }

            if (Credit == 0 && _overdrawn >= _tolerance)
            {
                throw new Amqp10ProtocolException(Amqp10Conditions.TransferLimitExceeded, $"a delivery on link '{Name}' without credit");
            }

            _currentDeliveryId = id;
            _currentSettled = transfer.Settled ?? false;
            _inDelivery = true;
            _payload.Clear();
        }

        _payload.Write(payload);
        if (_maxMessageSize > 0 && (ulong)_payload.WrittenCount > _maxMessageSize && transfer.Aborted != true)
        {
            var tooLarge = new Amqp10MessageSizeExceededException(
                $"Delivery {_currentDeliveryId} on link '{Name}' reached {_payload.WrittenCount} bytes{(transfer.More == true ? " and was not complete" : string.Empty)}, over this receiver's max-message-size of {_maxMessageSize} bytes; the link was detached.",
                (ulong)_payload.WrittenCount, _maxMessageSize, Name);
            var error = new Amqp10Error(Amqp10Conditions.MessageSizeExceeded, $"delivery {_currentDeliveryId} exceeds the max-message-size of {_maxMessageSize} bytes");
            detach = DetachWithError(error, new Amqp10ClosedException("link", $"link '{Name}' received a message over its max-message-size", error, tooLarge));
            return false;
        }

        if (transfer.More == true && transfer.Aborted != true) return false;

        _inDelivery = false;
        if (Credit > 0) Credit--;
        else _overdrawn++;
        DeliveryCount++;
        if (transfer.Aborted != true)
        {
            Amqp10Message message = Amqp10MessageCodec.Read(_payload.WrittenSpan);
            _queued++;
            _deliveries.Writer.TryWrite(new Amqp10Delivery(message, _currentDeliveryId, _currentSettled || transfer.Settled == true) { Link = this });
        }

        _payload.Clear();
        return TopUpCredit();
    }

    /// <summary>
    /// Raises the credit so that credit and queued messages make the window again, once they are down to half of it;
    /// true when it did (a flow must tell the peer). Under the lock.
    /// </summary>
    private bool TopUpCredit()
    {
        if (!_automaticCredit || Failure is not null || DetachSent || Credit + _queued > _creditWindow / 2) return false;
        Credit = _creditWindow - _queued;
        _overdrawn = 0; // the new grant counts from the delivery-count that includes them
        return true;
    }

    /// <summary>Counts a message the application took; sends the credit it frees once that is half the window.</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    private async ValueTask TakenAsync(Amqp10Delivery delivery)
    {
        Amqp10Flow flow;
        lock (Sync)
        {
            _queued--;
            if (!delivery.Settled) _unsettledTaken++;
            if (!TopUpCredit()) return;
            flow = Session.SessionFlow(Handle, DeliveryCount, Credit);
        }

        try
        {
            await Session.Connection.WriteAsync(Session.Channel, flow, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Amqp10ClosedException)
        {
            // The connection is gone: the next receive reports it; the message taken is the application's already.
        }
    }

    /// <summary>The next message; throws <see cref="Amqp10ClosedException"/> once the link, session or connection stopped.</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    public async ValueTask<Amqp10Delivery> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        Amqp10Delivery delivery;
        try
        {
            delivery = await _deliveries.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            throw ReceivingStopped(e.InnerException);
        }

        await TakenAsync(delivery).ConfigureAwait(false);
        return delivery;
    }

    /// <summary>
    /// Messages already received, without waiting, up to <paramref name="max"/>, added to <paramref name="batch"/>;
    /// the credit they free is sent before this returns, so a caller that waits for more next is sent more.
    /// </summary>
    internal async ValueTask ReceiveQueuedAsync(List<Amqp10Delivery> batch, int max)
    {
        while (batch.Count < max && _deliveries.Reader.TryRead(out Amqp10Delivery? delivery))
        {
            batch.Add(delivery);
            await TakenAsync(delivery).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until a message is queued; throws <see cref="Amqp10ClosedException"/> like <see cref="ReceiveAsync"/> once
    /// the link stopped and every queued message was taken.
    /// </summary>
    internal async ValueTask WaitToReceiveAsync(CancellationToken cancellationToken)
    {
        Exception? reason = null;
        try
        {
            if (await _deliveries.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            reason = e;
        }

        // A channel completed with a reason reports it from WaitToReadAsync; without one, the link's own failure says why.
        throw ReceivingStopped(reason ?? StoppedReason ?? new Amqp10ClosedException("link", $"link '{Name}' stopped"));
    }

    private Exception? StoppedReason
    {
        get
        {
            lock (Sync) return Failure;
        }
    }

    private Amqp10ClosedException ReceivingStopped(Exception reason) => reason is Amqp10ClosedException closed
        ? new Amqp10ClosedException(closed.Scope, $"receiving on link '{Name}' stopped", closed.Error, closed.InnerException as Amqp10MessageSizeExceededException ?? (Exception)closed)
        : new Amqp10ClosedException("link", $"receiving on link '{Name}' stopped", innerException: reason);

    public ValueTask AcceptAsync(Amqp10Delivery delivery, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, Amqp10DeliveryState.Accepted, cancellationToken);

    public ValueTask RejectAsync(Amqp10Delivery delivery, Amqp10Error? error = null, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, Amqp10DeliveryState.Rejected(error), cancellationToken);

    public ValueTask ReleaseAsync(Amqp10Delivery delivery, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, Amqp10DeliveryState.Released, cancellationToken);

    public ValueTask ModifyAsync(Amqp10Delivery delivery, bool deliveryFailed, bool undeliverableHere, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, Amqp10DeliveryState.Modified(deliveryFailed, undeliverableHere), cancellationToken);

    /// <summary>Settles the delivery with <paramref name="outcome"/>; a delivery the sender settled needs nothing sent.</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    public async ValueTask SettleAsync(Amqp10Delivery delivery, Amqp10DeliveryState outcome, CancellationToken cancellationToken = default)
    {
        if (delivery.Link is { } link && link != this)
        {
            throw new ArgumentException($"The delivery was received on link '{link.Name}', not on '{Name}': settle it there.", nameof(delivery));
        }

        if (!outcome.IsOutcome) throw new ArgumentException("A delivery is settled with an outcome (accepted, rejected, released, modified), not with received.", nameof(outcome));
        if (delivery.Settled) return;
        if (!delivery.TryStartSettling()) throw new InvalidOperationException($"Delivery {delivery.DeliveryId} on link '{Name}' is already settled.");
        Task? senderSettled = null;
        lock (Sync)
        {
            ThrowIfStopped();
            if (_unsettledTaken > 0) _unsettledTaken--;
            if (SettlesSecond) senderSettled = Session.AwaitSenderSettlement(delivery.DeliveryId);
        }

        // Settle mode second: the outcome goes unsettled, and the delivery is settled here once the sender has settled it.
        var disposition = new Amqp10Disposition { Role = Amqp10Role.Receiver, First = delivery.DeliveryId, Settled = senderSettled is null, State = outcome };
        // The delivery counts as settling now (it cannot be settled twice), so its disposition goes out whatever the token says.
        await Session.Connection.WriteAsync(Session.Channel, disposition, CancellationToken.None).ConfigureAwait(false);
        if (senderSettled is not null) await senderSettled.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override void Stopped(Exception failure)
    {
        lock (Sync)
        {
            if (_drained is { } drained) Amqp10Completions.Fail(drained, failure);
            _drained = null;
        }

        _deliveries.Writer.TryComplete(failure);
        lock (Sync) _payload.Dispose();
    }
}
