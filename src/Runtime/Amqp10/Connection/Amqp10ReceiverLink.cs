using System.Buffers;
using System.Threading.Channels;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A receiving link: grants credit once attached and tops it up whenever half is used, joins the transfer frames of
/// each delivery, and queues whole messages for <see cref="ReceiveAsync"/>. Deliveries are settled by this side with
/// their outcome (accept, reject, release, modify): settle mode first.
/// </summary>
internal sealed class Amqp10ReceiverLink : Amqp10Link
{
    private readonly uint _creditWindow;
    private readonly Channel<Amqp10Delivery> _deliveries = Channel.CreateUnbounded<Amqp10Delivery>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Buffers.PooledBufferWriter _payload = new(); // the delivery being joined (read loop only)
    private uint _currentDeliveryId;
    private bool _currentSettled;
    private bool _inDelivery;

    internal Amqp10ReceiverLink(Amqp10Session session, string name, uint handle, uint credit)
        : base(session, name, handle)
    {
        _creditWindow = credit;
    }

    /// <summary>Credit granted and not yet used (under the lock).</summary>
    internal uint Credit { get; private set; }

    /// <summary>The link's delivery-count: deliveries received, counted from the sender's initial one (under the lock).</summary>
    internal uint DeliveryCount { get; private set; }

    protected override Amqp10Reply Attached(Amqp10Attach attach)
    {
        // Credit only after the peer's attach: RabbitMQ refuses a flow for a link it has not attached yet.
        DeliveryCount = attach.InitialDeliveryCount ?? 0;
        Credit = _creditWindow;
        return new Amqp10Reply { Flow = (Session.Channel, Session.SessionFlow(Handle, DeliveryCount, Credit)) };
    }

    internal override void OnFlow(Amqp10Flow flow)
    {
        // A sender's flow (drain answered, available) changes nothing this side tracks.
    }

    /// <summary>Adds one transfer frame; true when credit needs topping up. Runs on the read loop, under the lock.</summary>
    internal bool OnTransfer(Amqp10Transfer transfer, ReadOnlySpan<byte> payload)
    {
        if (!_inDelivery)
        {
            if (transfer.DeliveryId is not { } id)
            {
                throw new Amqp10ProtocolException(Amqp10Conditions.InvalidField, $"the first transfer of a delivery on link '{Name}' has no delivery-id");
            }

            if (Credit == 0)
            {
                throw new Amqp10ProtocolException(Amqp10Conditions.TransferLimitExceeded, $"a delivery on link '{Name}' without credit");
            }

            _currentDeliveryId = id;
            _currentSettled = transfer.Settled ?? false;
            _inDelivery = true;
            _payload.Clear();
        }

        _payload.Write(payload);
        if (transfer.More == true && transfer.Aborted != true) return false;

        _inDelivery = false;
        Credit--;
        DeliveryCount++;
        if (transfer.Aborted != true)
        {
            Amqp10Message message = Amqp10MessageCodec.Read(_payload.WrittenSpan);
            _deliveries.Writer.TryWrite(new Amqp10Delivery(message, _currentDeliveryId, _currentSettled || transfer.Settled == true) { Link = this });
        }

        _payload.Clear();
        if (Credit > _creditWindow / 2) return false;
        Credit = _creditWindow;
        return true;
    }

    /// <summary>The next message; throws <see cref="Amqp10ClosedException"/> once the link, session or connection stopped.</summary>
    public async ValueTask<Amqp10Delivery> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _deliveries.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            throw ReceivingStopped(e.InnerException);
        }
    }

    /// <summary>A message already received, without waiting; false when none is queued.</summary>
    internal bool TryReceive([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Amqp10Delivery? delivery) =>
        _deliveries.Reader.TryRead(out delivery);

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
        ? new Amqp10ClosedException(closed.Scope, $"receiving on link '{Name}' stopped", closed.Error, closed)
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
    public async ValueTask SettleAsync(Amqp10Delivery delivery, Amqp10DeliveryState outcome, CancellationToken cancellationToken = default)
    {
        if (delivery.Link is { } link && link != this)
        {
            throw new ArgumentException($"The delivery was received on link '{link.Name}', not on '{Name}': settle it there.", nameof(delivery));
        }

        if (!outcome.IsOutcome) throw new ArgumentException("A delivery is settled with an outcome (accepted, rejected, released, modified), not with received.", nameof(outcome));
        if (delivery.Settled) return;
        if (!delivery.TryStartSettling()) throw new InvalidOperationException($"Delivery {delivery.DeliveryId} on link '{Name}' is already settled.");
        lock (Sync) ThrowIfStopped();
        var disposition = new Amqp10Disposition { Role = Amqp10Role.Receiver, First = delivery.DeliveryId, Settled = true, State = outcome };
        await Session.Connection.WriteAsync(Session.Channel, disposition, cancellationToken).ConfigureAwait(false);
    }

    protected override void Stopped(Exception failure)
    {
        _deliveries.Writer.TryComplete(failure);
        lock (Sync) _payload.Dispose();
    }
}
