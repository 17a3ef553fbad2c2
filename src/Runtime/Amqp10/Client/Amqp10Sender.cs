using System.Runtime.CompilerServices;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// Sends messages to one address: each <see cref="SendAsync"/> returns the peer's outcome, and many may be in flight at
/// once (their frames go out one message at a time, in call order; their outcomes are awaited together).
/// </summary>
/// <example>
/// <code>
/// Amqp10DeliveryState? outcome = await sender.SendAsync(new Amqp10Message { Data = body });
/// if (outcome?.Kind != Amqp10DeliveryStateKind.Accepted) Console.WriteLine($"not taken: {outcome}");
/// IReadOnlyList&lt;Amqp10DeliveryState?&gt; outcomes = await sender.SendBatchAsync(messages);
/// </code>
/// </example>
public sealed class Amqp10Sender : IAsyncDisposable
{
    private readonly Amqp10Client _client;
    private readonly Amqp10LinkHolder<Amqp10SenderLink> _holder;
    private readonly Stack<CancellationTokenSource> _spareTimers = new(); // send timers reset for reuse, as many as sends ran at once (locked)
    private bool _closed; // no timer is kept once closed (under the _spareTimers lock)

    internal Amqp10Sender(Amqp10Client client, Amqp10LinkHolder<Amqp10SenderLink> holder, string address, Amqp10SenderOptions options)
    {
        _client = client;
        _holder = holder;
        Address = address;
        Guarantee = options.Guarantee;
        SendTimeout = options.SendTimeout;
    }

    /// <summary>The target address the sender was attached to; for a dynamic sender, the address the peer assigned.</summary>
    public string Address { get; }

    /// <summary>
    /// The peer's max-message-size from its attach; null when it has no limit. A larger message is refused with an
    /// <see cref="Amqp10MessageSizeExceededException"/> before anything is written.
    /// </summary>
    public ulong? PeerMaxMessageSize => _holder.Current.PeerMaxMessageSize;

    /// <summary>The sender settle mode in the peer's attach (null when it sent none: mixed).</summary>
    public Amqp10SenderSettleMode? PeerSenderSettleMode => _holder.Current.RemoteAttach.SenderSettleMode;

    /// <summary>
    /// The receiver settle mode in the peer's attach: <see cref="Amqp10ReceiverSettleMode.Second"/> when the peer settles
    /// after this side does (handled here: each outcome is settled once it arrives); null when it sent none (first).
    /// </summary>
    public Amqp10ReceiverSettleMode? PeerReceiverSettleMode => _holder.Current.RemoteAttach.ReceiverSettleMode;

    /// <summary>Whether messages go unsettled (an outcome per message) or settled (none).</summary>
    public Amqp10DeliveryGuarantee Guarantee { get; }

    /// <summary>How long one message may take until its outcome; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</summary>
    public TimeSpan SendTimeout { get; }

    /// <summary>The link's name, as the peer knows it.</summary>
    public string Name => _holder.Current.Name;

    /// <summary>
    /// Sends one message and waits for its outcome. With reconnect on (<see cref="Amqp10ConnectionOptions.Reconnect"/>),
    /// a send made while the connection is lost waits for the sender to be attached again, within
    /// <see cref="SendTimeout"/>.
    /// </summary>
    /// <param name="message">The message; it may be sent again (or changed) once this returns.</param>
    /// <param name="cancellationToken">Stops waiting for credit (nothing is sent then) or for the outcome (the message may still arrive).</param>
    /// <returns>
    /// At least once: the peer's outcome (accepted, rejected with its error, released, modified), or null when the peer
    /// settled without stating one. At most once: null, once the message is written to the connection's output, which
    /// sends it at once, or, in a burst of sends, together with the next ones within moments (closing the client sends it first).
    /// </returns>
    /// <exception cref="TimeoutException">No credit, or no outcome, within <see cref="SendTimeout"/>; the message says which.</exception>
    /// <exception cref="Amqp10MessageSizeExceededException">The message is larger than <see cref="PeerMaxMessageSize"/>: nothing was sent, the sender stays usable.</exception>
    /// <exception cref="Amqp10OutcomeUnknownException">The message was written but its link stopped before the outcome came (and it is not sent again: <see cref="Amqp10ReconnectOptions.ResendUnsettled"/>).</exception>
    /// <exception cref="Amqp10ClosedException">The link, its session or the connection stopped before the message was written (its condition says why).</exception>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    public async ValueTask<Amqp10DeliveryState?> SendAsync(Amqp10Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        CancellationTokenSource? timer = StartTimer(cancellationToken);
        try
        {
            Sent sent = await StartAsync(message, timer, cancellationToken).ConfigureAwait(false);
            return await FinishAsync(message, sent, timer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            EndTimer(timer, cancellationToken);
        }
    }

    /// <summary>
    /// Sends the messages in order without waiting between them, then waits for every outcome: one outcome per message,
    /// at the message's index. Each message has its own <see cref="SendTimeout"/>, counted from when its turn to be sent
    /// came.
    /// </summary>
    /// <param name="messages">The messages, sent in this order.</param>
    /// <param name="cancellationToken">Stops the batch; messages already written may still arrive.</param>
    /// <returns>The outcomes, as <see cref="SendAsync"/> returns them, in the order of <paramref name="messages"/>.</returns>
    /// <exception cref="TimeoutException">A message got no credit or no outcome within <see cref="SendTimeout"/>.</exception>
    /// <exception cref="Amqp10ClosedException">The link, its session or the connection stopped.</exception>
    public async ValueTask<IReadOnlyList<Amqp10DeliveryState?>> SendBatchAsync(IReadOnlyList<Amqp10Message> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var timers = new CancellationTokenSource?[messages.Count];
        var outcomes = new Sent[messages.Count];
        try
        {
            for (int i = 0; i < messages.Count; i++)
            {
                ArgumentNullException.ThrowIfNull(messages[i], nameof(messages));
                timers[i] = StartTimer(cancellationToken);
                outcomes[i] = await StartAsync(messages[i], timers[i], cancellationToken).ConfigureAwait(false);
            }

            var results = new Amqp10DeliveryState?[messages.Count];
            for (int i = 0; i < messages.Count; i++)
            {
                results[i] = await FinishAsync(messages[i], outcomes[i], timers[i], cancellationToken).ConfigureAwait(false);
            }

            return results;
        }
        finally
        {
            foreach (CancellationTokenSource? timer in timers) EndTimer(timer, cancellationToken);
        }
    }

    /// <summary>
    /// A token source that fires after <see cref="SendTimeout"/> (linked to the caller's), or null for no limit. Without
    /// a caller's token to link to, a timer of an earlier send is reused (reset, its timer rearmed): once there are as
    /// many as sends run at once, sending allocates none.
    /// </summary>
    private CancellationTokenSource? StartTimer(CancellationToken cancellationToken)
    {
        if (SendTimeout == Timeout.InfiniteTimeSpan) return null;
        CancellationTokenSource? timer = null;
        if (cancellationToken.CanBeCanceled)
        {
            timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }
        else
        {
            lock (_spareTimers) _spareTimers.TryPop(out timer);
        }

        timer ??= new CancellationTokenSource();
        timer.CancelAfter(SendTimeout);
        return timer;
    }

    /// <summary>Keeps an unlinked timer that has not fired for a later send; disposes any other.</summary>
    private void EndTimer(CancellationTokenSource? timer, CancellationToken cancellationToken)
    {
        if (timer is null) return;
        if (!cancellationToken.CanBeCanceled && timer.TryReset())
        {
            lock (_spareTimers)
            {
                if (!_closed)
                {
                    _spareTimers.Push(timer);
                    return;
                }
            }
        }

        timer.Dispose();
    }

    /// <summary>A message written on <see cref="Link"/>, and its outcome still to come (null when sent settled).</summary>
    private readonly record struct Sent(Amqp10SenderLink Link, Amqp10PendingOutcome? Outcome);

    /// <summary>
    /// Waits for credit and writes the message. A link lost with its connection before anything was written (or, when
    /// resending is on, while it was being written) is waited out: the message goes on the link attached next.
    /// <paramref name="written"/> says a copy already went out on a lost link, so that giving up reports the outcome
    /// as unknown rather than "not sent".
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<Sent> StartAsync(Amqp10Message message, CancellationTokenSource? timer, CancellationToken cancellationToken, bool written = false)
    {
        bool settled = Guarantee == Amqp10DeliveryGuarantee.AtMostOnce;
        while (true)
        {
            Amqp10SenderLink link = _holder.Current;
            try
            {
                return new Sent(link, await link.StartSendAsync(message, settled, timer?.Token ?? cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException e) when (timer is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    written
                        ? $"The message to '{Address}' on {_client.Endpoint} was written on a link lost before its outcome came, and was not sent again: the peer granted no credit within the send timeout of {SendTimeout}. Its outcome is unknown."
                        : $"The message to '{Address}' on {_client.Endpoint} was not sent: the peer granted no credit within the send timeout of {SendTimeout}. Nothing of it was written.",
                    e);
            }
            catch (Amqp10ClosedException e) when (_holder.IsLostWithConnection(link) && (e is not Amqp10OutcomeUnknownException || ResendsLost))
            {
                written |= e is Amqp10OutcomeUnknownException;
                await NextLinkAsync(link, written, timer, cancellationToken).ConfigureAwait(false);
            }
            catch (Amqp10ClosedException e) when (written && e is not Amqp10OutcomeUnknownException)
            {
                throw new Amqp10OutcomeUnknownException(link.Name, e);
            }
        }
    }

    /// <summary>
    /// Waits for the outcome. One lost with the link is <see cref="Amqp10OutcomeUnknownException"/>, unless resending
    /// is on and the link is attached again: the message is then sent again, and that outcome awaited.
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<Amqp10DeliveryState?> FinishAsync(Amqp10Message message, Sent sent, CancellationTokenSource? timer, CancellationToken cancellationToken)
    {
        while (sent.Outcome is { } outcome)
        {
            try
            {
                outcome.CancelWith(timer?.Token ?? cancellationToken);
                return await outcome.AsValueTask().ConfigureAwait(false);
            }
            catch (Exception e) when (IsOutcomeFailure(e))
            {
                sent = await SendAgainOrThrowAsync(message, sent, e, timer, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>A wait for an outcome that ended without one: cancelled (the send timeout, or the caller), or the link lost.</summary>
    private static bool IsOutcomeFailure(Exception e) => e is OperationCanceledException or Amqp10ClosedException or Amqp10ProtocolException or Amqp10DecodeException;

    /// <summary>
    /// After the wait for <paramref name="sent"/>'s outcome failed with <paramref name="failure"/>: the send timeout
    /// becomes a <see cref="TimeoutException"/>, the caller's cancellation stays as it is, and a lost link is
    /// <see cref="Amqp10OutcomeUnknownException"/> unless resending is on and the link is attached again, when the
    /// message is sent again and that send is returned, to be awaited in its turn.
    /// </summary>
    private async ValueTask<Sent> SendAgainOrThrowAsync(Amqp10Message message, Sent sent, Exception failure, CancellationTokenSource? timer, CancellationToken cancellationToken)
    {
        if (failure is OperationCanceledException cancelled)
        {
            if (cancellationToken.IsCancellationRequested || timer is not { IsCancellationRequested: true }) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cancelled);
            throw new TimeoutException(
                $"The message to '{Address}' on {_client.Endpoint} was sent, but no outcome arrived within the send timeout of {SendTimeout}; the peer may still take it.", cancelled);
        }

        // A connection lost to a peer's protocol error fails its outcomes with that error: a loss all the same.
        Amqp10ClosedException stopped = failure as Amqp10ClosedException ?? new Amqp10ClosedException("connection", "the peer broke the protocol", innerException: failure);
        if (!ResendsLost || !_holder.IsLostWithConnection(sent.Link)) throw stopped as Amqp10OutcomeUnknownException ?? new Amqp10OutcomeUnknownException(sent.Link.Name, stopped);
        await NextLinkAsync(sent.Link, written: true, timer, cancellationToken).ConfigureAwait(false);
        return await StartAsync(message, timer, cancellationToken, written: true).ConfigureAwait(false);
    }

    /// <summary>At least once with <see cref="Amqp10ReconnectOptions.ResendUnsettled"/>: a message whose outcome was lost is sent again.</summary>
    private bool ResendsLost => Guarantee == Amqp10DeliveryGuarantee.AtLeastOnce && _client.ResendsUnsettled;

    /// <summary>
    /// Waits, within the send timeout, for the link attached in place of <paramref name="lost"/>. When there will be
    /// none, a message <paramref name="written"/> on the lost link fails as outcome unknown.
    /// </summary>
    private async ValueTask NextLinkAsync(Amqp10SenderLink lost, bool written, CancellationTokenSource? timer, CancellationToken cancellationToken)
    {
        try
        {
            await _holder.NextAsync(lost, timer?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (timer is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                written
                    ? $"The message to '{Address}' was written before the connection to {_client.Endpoint} was lost, so its outcome is unknown, and the sender was not attached again within the send timeout of {SendTimeout} to send it again."
                    : $"The message to '{Address}' was not sent: the connection to {_client.Endpoint} was lost and the sender was not attached again within the send timeout of {SendTimeout}.",
                e);
        }
        catch (Amqp10ClosedException stopped) when (written)
        {
            throw new Amqp10OutcomeUnknownException(lost.Name, stopped);
        }
    }

    /// <summary>Detaches the link (closing it) and ends its session.</summary>
    /// <param name="cancellationToken">Stops waiting for the peer's detach and end.</param>
    /// <returns>A task that completes once the peer has answered, or the connection is gone.</returns>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        Closing();
        return _holder.Current.CloseWithSessionAsync(cancellationToken);
    }

    /// <summary>Closes like <see cref="CloseAsync"/>, waiting at most 5 seconds for the peer.</summary>
    /// <returns>A task that completes once the sender is closed.</returns>
    public ValueTask DisposeAsync()
    {
        Closing();
        return _holder.Current.CloseWithSessionWithinAsync();
    }

    /// <summary>Stops reattaching the sender, and sends waiting for it, before its link is closed.</summary>
    private void Closing()
    {
        _client.Unregister(_holder, new Amqp10ClosedException("link", $"the sender to '{Address}' was closed by the application"));
        lock (_spareTimers)
        {
            _closed = true;
            while (_spareTimers.TryPop(out CancellationTokenSource? timer)) timer.Dispose();
        }
    }
}
