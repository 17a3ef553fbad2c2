using System.Runtime.CompilerServices;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// Receives messages from one address, one at a time (<see cref="ReceiveAsync"/>), as a stream
/// (<see cref="ReadAllAsync"/>), in batches (<see cref="ReceiveBatchAsync"/>) or through a handler
/// (<see cref="ConsumeAsync"/>). At least once, every delivery is settled here with an outcome: accept, reject (with an
/// error), release, or modify.
/// </summary>
/// <example>
/// <code>
/// await foreach (Amqp10Delivery delivery in receiver.ReadAllAsync(stopping))
/// {
///     if (Handle(delivery.Message)) await receiver.AcceptAsync(delivery);
///     else await receiver.RejectAsync(delivery, new Amqp10Error(Amqp10Conditions.PreconditionFailed, "bad order"));
/// }
/// </code>
/// </example>
public sealed class Amqp10Receiver : IAsyncDisposable
{
    private readonly Amqp10Client _client;
    private readonly Amqp10LinkHolder<Amqp10ReceiverLink> _holder;
    private volatile bool _closing;

    internal Amqp10Receiver(Amqp10Client client, Amqp10LinkHolder<Amqp10ReceiverLink> holder, string address, Amqp10DeliveryGuarantee guarantee)
    {
        _client = client;
        _holder = holder;
        Address = address;
        Guarantee = guarantee;
    }

    /// <summary>The source address the receiver was attached to; for a dynamic receiver, the address the peer assigned.</summary>
    public string Address { get; }

    /// <summary>Credit granted to the peer and not used yet: deliveries it may still send.</summary>
    public uint Credit
    {
        get
        {
            Amqp10ReceiverLink link = _holder.Current;
            lock (link.Session.Connection.Sync) return link.Credit;
        }
    }

    /// <summary>
    /// The settle mode that applies: <see cref="Amqp10ReceiverSettleMode.Second"/> only when it was asked for and the
    /// peer's attach agreed (RabbitMQ does not support it).
    /// </summary>
    public Amqp10ReceiverSettleMode ReceiverSettleMode => _holder.Current.SettlesSecond ? Amqp10ReceiverSettleMode.Second : Amqp10ReceiverSettleMode.First;

    /// <summary>The sender settle mode in the peer's attach (null when it sent none: mixed).</summary>
    public Amqp10SenderSettleMode? PeerSenderSettleMode => _holder.Current.RemoteAttach.SenderSettleMode;

    /// <summary>The receiver settle mode in the peer's attach (null when it sent none: first).</summary>
    public Amqp10ReceiverSettleMode? PeerReceiverSettleMode => _holder.Current.RemoteAttach.ReceiverSettleMode;

    /// <summary>The peer's max-message-size from its attach; null when it has no limit.</summary>
    public ulong? PeerMaxMessageSize => _holder.Current.RemoteAttach.MaxMessageSize is > 0 ? _holder.Current.RemoteAttach.MaxMessageSize : null;

    /// <summary>
    /// Grants the peer <paramref name="credit"/> more deliveries (manual credit: <see cref="Amqp10ReceiverOptions.AutomaticCredit"/> false).
    /// Credit adds up until deliveries use it or a drain gives it back.
    /// </summary>
    /// <param name="credit">How many more deliveries the peer may send.</param>
    /// <param name="cancellationToken">Stops waiting to write the flow.</param>
    /// <returns>A task that completes once the flow is written.</returns>
    /// <exception cref="InvalidOperationException">The receiver renews its credit automatically.</exception>
    /// <exception cref="Amqp10ClosedException">The link, its session or the connection stopped.</exception>
    public async ValueTask AddCreditAsync(uint credit, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Amqp10ReceiverLink link = _holder.Current;
            try
            {
                await link.AddCreditAsync(credit, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Amqp10ClosedException) when (!_closing && _holder.IsLostWithConnection(link))
            {
                // Refused before it was counted: granted on the link attached next instead.
                await _holder.NextAsync(link, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Drains the credit (manual credit): asks the peer to send what it has now and give back the rest, and completes
    /// once its flow answers with no credit left (<see cref="Credit"/> is then 0), or at once when none is left.
    /// Messages sent before the answer are received as usual.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the answer; the peer still answers, and the drain then ends.</param>
    /// <returns>A task that completes once the peer answered the drain.</returns>
    /// <exception cref="InvalidOperationException">The receiver renews its credit automatically.</exception>
    /// <exception cref="Amqp10ClosedException">The link, its session or the connection stopped.</exception>
    public async ValueTask DrainAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Amqp10ReceiverLink link = _holder.Current;
            try
            {
                await link.DrainAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Amqp10ClosedException) when (!_closing && _holder.IsLostWithConnection(link))
            {
                // The credit left moves to the link attached next, which is drained instead.
                await _holder.NextAsync(link, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether deliveries wait for this side's outcome (at least once) or arrive settled (at most once).</summary>
    public Amqp10DeliveryGuarantee Guarantee { get; }

    /// <summary>The link's name, as the peer knows it.</summary>
    public string Name => _holder.Current.Name;

    /// <summary>Waits for the next message.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The delivery, to be settled on this receiver (at least once).</returns>
    /// <exception cref="Amqp10ClosedException">The receiver was closed, or its link, session or connection stopped; messages received before are handed out first.</exception>
    /// <remarks>
    /// With reconnect on, a lost connection is waited out: the next message comes from the link attached again.
    /// At least once, messages that arrived on the lost link and were not handed out yet are dropped here, since the
    /// peer delivers them again.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    public async ValueTask<Amqp10Delivery> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Amqp10ReceiverLink link = _holder.Current;
            Amqp10Delivery delivery;
            try
            {
                delivery = await link.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Amqp10ClosedException) when (!_closing && _holder.IsLostWithConnection(link))
            {
                await _holder.NextAsync(link, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!IsRedelivered(delivery)) return delivery;
        }
    }

    /// <summary>Whether the peer delivers this again: an unsettled delivery of a link lost with its connection that is attached again.</summary>
    private bool IsRedelivered(Amqp10Delivery delivery) => !delivery.Settled && delivery.Link is { } link && _holder.IsLostWithConnection(link);

    /// <summary>
    /// The messages as they arrive, until the receiver is closed by the application (the sequence then ends) or the link
    /// stops otherwise (it then throws <see cref="Amqp10ClosedException"/>, after the messages received before).
    /// </summary>
    /// <param name="cancellationToken">Stops the sequence with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>The deliveries, in the order the peer sent them.</returns>
    public async IAsyncEnumerable<Amqp10Delivery> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Amqp10Delivery? delivery = await ReceiveOrEndAsync(cancellationToken).ConfigureAwait(false);
            if (delivery is null) yield break;
            yield return delivery;
        }
    }

    /// <summary>
    /// Collects up to <paramref name="maxMessages"/> messages: returns once that many have arrived, or once
    /// <paramref name="timeout"/> has passed since the call with whatever arrived until then (possibly none).
    /// </summary>
    /// <param name="maxMessages">The most messages to return (at least 1).</param>
    /// <param name="timeout">How long to collect.</param>
    /// <param name="cancellationToken">Stops collecting with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>The deliveries, in the order the peer sent them.</returns>
    /// <exception cref="Amqp10ClosedException">The link stopped before any message of the batch arrived (with some, they are returned, and the next call throws).</exception>
    public async ValueTask<IReadOnlyList<Amqp10Delivery>> ReceiveBatchAsync(int maxMessages, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout is zero or more.");
        var batch = new List<Amqp10Delivery>(Math.Min(maxMessages, 256));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                Amqp10ReceiverLink link = _holder.Current;
                await link.ReceiveQueuedAsync(batch, maxMessages).ConfigureAwait(false);
                batch.RemoveAll(IsRedelivered);
                if (batch.Count == maxMessages) break;
                try
                {
                    await link.WaitToReceiveAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (Amqp10ClosedException) when (!_closing && _holder.IsLostWithConnection(link))
                {
                    await _holder.NextAsync(link, deadline.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The timeout: the batch is what arrived until then.
        }
        catch (Amqp10ClosedException) when (batch.Count > 0)
        {
            // Hand out what arrived; the next call reports why the link stopped.
        }

        batch.RemoveAll(IsRedelivered); // the loss may have come while the batch waited
        return batch;
    }

    /// <summary>
    /// Runs <paramref name="handler"/> for each message, one at a time in arrival order, and settles the message with the
    /// outcome it returns (at most once there is nothing to settle). Ends when <paramref name="cancellationToken"/> is
    /// cancelled or the receiver is closed by the application.
    /// </summary>
    /// <param name="handler">Handles one message and says how to settle it, such as <see cref="Amqp10DeliveryState.Accepted"/>.</param>
    /// <param name="cancellationToken">Stops consuming: the task completes without an exception; it is passed to the handler too.</param>
    /// <returns>A task that completes when consuming stops.</returns>
    /// <exception cref="Amqp10ClosedException">The link, its session or the connection stopped.</exception>
    /// <remarks>
    /// A handler that throws ends consuming with its exception, after its message is settled as modified with
    /// delivery-failed (the peer may deliver it again, counting the failed attempt).
    /// </remarks>
    public async ValueTask ConsumeAsync(Func<Amqp10Delivery, CancellationToken, ValueTask<Amqp10DeliveryState>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        try
        {
            while (await ReceiveOrEndAsync(cancellationToken).ConfigureAwait(false) is { } delivery)
            {
                Amqp10DeliveryState outcome;
                try
                {
                    outcome = await handler(delivery, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    await SettleUnlessLostAsync(delivery, Amqp10DeliveryState.Modified(deliveryFailed: true)).ConfigureAwait(false);
                    throw;
                }

                await SettleUnlessLostAsync(delivery, outcome).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the caller: not a failure. A message whose handler was cancelled stays unsettled until the link closes.
        }
        catch (Amqp10ClosedException) when (_closing)
        {
            // The application closed the receiver while a handler ran: its settlement could not go out, which ends nothing else.
        }
    }

    /// <summary>Settles a handler's delivery; one whose link was lost with its connection and attached again is the peer's to deliver again, not a failure.</summary>
    private async ValueTask SettleUnlessLostAsync(Amqp10Delivery delivery, Amqp10DeliveryState outcome)
    {
        try
        {
            await SettleAsync(delivery, outcome, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Amqp10ClosedException) when (!_closing && delivery.Link is { } link && _holder.IsLostWithConnection(link))
        {
            // Redelivered on the link attached again.
        }
    }

    /// <summary>The next delivery, or null once the application closed the receiver.</summary>
    private async ValueTask<Amqp10Delivery?> ReceiveOrEndAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Amqp10ClosedException) when (_closing)
        {
            return null;
        }
    }

    /// <summary>Accepts the delivery: the peer forgets the message.</summary>
    /// <param name="delivery">A delivery this receiver received, not settled before.</param>
    /// <param name="cancellationToken">Stops waiting to write the disposition.</param>
    /// <returns>A task that completes once the disposition is written.</returns>
    public ValueTask AcceptAsync(Amqp10Delivery delivery, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, Amqp10DeliveryState.Accepted, cancellationToken);

    /// <summary>Rejects the delivery as invalid: the peer does not deliver it again (RabbitMQ dead-letters or drops it).</summary>
    /// <param name="delivery">A delivery this receiver received, not settled before.</param>
    /// <param name="error">Why, sent to the peer (a condition such as <see cref="Amqp10Conditions.PreconditionFailed"/> and a description); null sends none.</param>
    /// <param name="cancellationToken">Stops waiting to write the disposition.</param>
    /// <returns>A task that completes once the disposition is written.</returns>
    public ValueTask RejectAsync(Amqp10Delivery delivery, Amqp10Error? error = null, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, Amqp10DeliveryState.Rejected(error), cancellationToken);

    /// <summary>Releases the delivery unprocessed: the peer may deliver it again, to this or another receiver, as if never sent.</summary>
    /// <param name="delivery">A delivery this receiver received, not settled before.</param>
    /// <param name="cancellationToken">Stops waiting to write the disposition.</param>
    /// <returns>A task that completes once the disposition is written.</returns>
    public ValueTask ReleaseAsync(Amqp10Delivery delivery, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, Amqp10DeliveryState.Released, cancellationToken);

    /// <summary>Settles the delivery as modified: not processed, with how the peer should treat it next.</summary>
    /// <param name="delivery">A delivery this receiver received, not settled before.</param>
    /// <param name="deliveryFailed">Count this as a failed attempt (the message's delivery-count goes up).</param>
    /// <param name="undeliverableHere">Do not deliver it to this link again.</param>
    /// <param name="cancellationToken">Stops waiting to write the disposition.</param>
    /// <returns>A task that completes once the disposition is written.</returns>
    public ValueTask ModifyAsync(Amqp10Delivery delivery, bool deliveryFailed, bool undeliverableHere, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, Amqp10DeliveryState.Modified(deliveryFailed, undeliverableHere), cancellationToken);

    /// <summary>Settles the delivery with <paramref name="outcome"/>; a delivery that arrived settled (at most once) needs nothing.</summary>
    /// <param name="delivery">A delivery this receiver received, not settled before.</param>
    /// <param name="outcome">Accepted, rejected, released or modified.</param>
    /// <param name="cancellationToken">Stops waiting to write the disposition.</param>
    /// <returns>A task that completes once the disposition is written.</returns>
    /// <exception cref="ArgumentException">The delivery came from another receiver, or <paramref name="outcome"/> is not an outcome.</exception>
    /// <exception cref="InvalidOperationException">The delivery was settled before.</exception>
    /// <exception cref="Amqp10ClosedException">The link the delivery arrived on, its session or its connection stopped: the peer will deliver the message again (after a reconnect, on the link attached again).</exception>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    public async ValueTask SettleAsync(Amqp10Delivery delivery, Amqp10DeliveryState outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        Amqp10ReceiverLink current = _holder.Current;
        // A delivery from an earlier link of this receiver (before a reconnect) is settled there, and fails clearly.
        Amqp10ReceiverLink link = delivery.Link is { } arrivedOn && arrivedOn.Name == current.Name ? arrivedOn : current;
        try
        {
            await link.SettleAsync(delivery, outcome, cancellationToken).ConfigureAwait(false);
        }
        catch (Amqp10ClosedException e) when (!ReferenceEquals(link, current) || _holder.IsLostWithConnection(link))
        {
            throw new Amqp10ClosedException(
                "link", $"delivery {delivery.DeliveryId} on link '{link.Name}' cannot be settled: the connection it arrived on was lost, and the peer will deliver the message again", e.Error, e);
        }
    }

    /// <summary>
    /// Detaches the link (closing it) and ends its session. Unsettled deliveries go back to the peer; a pending
    /// <see cref="ReadAllAsync"/> or <see cref="ConsumeAsync"/> ends quietly.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the peer's detach and end.</param>
    /// <returns>A task that completes once the peer has answered, or the connection is gone.</returns>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        Closing();
        return _holder.Current.CloseWithSessionAsync(cancellationToken);
    }

    /// <summary>
    /// Detaches the link without closing it (detach with closed=false) and ends its session: the peer keeps a durable
    /// source (<see cref="Amqp10TerminusDurability.Configuration"/>, expiry <see cref="Amqp10TerminusExpiryPolicy.Never"/>),
    /// and a receiver created later with the same <see cref="Amqp10ReceiverOptions.Name"/> resumes it.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the peer's detach and end.</param>
    /// <returns>A task that completes once the peer has answered, or the connection is gone.</returns>
    public ValueTask DetachAsync(CancellationToken cancellationToken = default)
    {
        Closing(closed: false);
        return _holder.Current.CloseWithSessionAsync(cancellationToken, closed: false);
    }

    /// <summary>Closes like <see cref="CloseAsync"/>, waiting at most 5 seconds for the peer.</summary>
    /// <returns>A task that completes once the receiver is closed.</returns>
    public ValueTask DisposeAsync()
    {
        Closing();
        return _holder.Current.CloseWithSessionWithinAsync();
    }

    /// <summary>Stops reattaching the receiver, and receives waiting for it, before its link is closed.</summary>
    private void Closing(bool closed = true)
    {
        _closing = true;
        _client.Unregister(_holder, new Amqp10ClosedException("link", $"the receiver from '{Address}' was closed by the application"), closed);
    }
}
