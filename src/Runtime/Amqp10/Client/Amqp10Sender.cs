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
    private readonly Amqp10SenderLink _link;
    private readonly string _endpoint;
    private CancellationTokenSource? _spareTimer; // a send timer that was reset, for the next send to reuse

    internal Amqp10Sender(Amqp10SenderLink link, string address, Amqp10SenderOptions options, string endpoint)
    {
        _link = link;
        _endpoint = endpoint;
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
    public ulong? PeerMaxMessageSize => _link.PeerMaxMessageSize;

    /// <summary>The sender settle mode in the peer's attach (null when it sent none: mixed).</summary>
    public Amqp10SenderSettleMode? PeerSenderSettleMode => _link.RemoteAttach.SenderSettleMode;

    /// <summary>
    /// The receiver settle mode in the peer's attach: <see cref="Amqp10ReceiverSettleMode.Second"/> when the peer settles
    /// after this side does (handled here: each outcome is settled once it arrives); null when it sent none (first).
    /// </summary>
    public Amqp10ReceiverSettleMode? PeerReceiverSettleMode => _link.RemoteAttach.ReceiverSettleMode;

    /// <summary>Whether messages go unsettled (an outcome per message) or settled (none).</summary>
    public Amqp10DeliveryGuarantee Guarantee { get; }

    /// <summary>How long one message may take until its outcome; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</summary>
    public TimeSpan SendTimeout { get; }

    /// <summary>The link's name, as the peer knows it.</summary>
    public string Name => _link.Name;

    /// <summary>Sends one message and waits for its outcome.</summary>
    /// <param name="message">The message; it may be sent again (or changed) once this returns.</param>
    /// <param name="cancellationToken">Stops waiting for credit (nothing is sent then) or for the outcome (the message may still arrive).</param>
    /// <returns>
    /// At least once: the peer's outcome (accepted, rejected with its error, released, modified), or null when the peer
    /// settled without stating one. At most once: null, once the message is written.
    /// </returns>
    /// <exception cref="TimeoutException">No credit, or no outcome, within <see cref="SendTimeout"/>; the message says which.</exception>
    /// <exception cref="Amqp10MessageSizeExceededException">The message is larger than <see cref="PeerMaxMessageSize"/>: nothing was sent, the sender stays usable.</exception>
    /// <exception cref="Amqp10ClosedException">The link, its session or the connection stopped (its condition says why).</exception>
    public async ValueTask<Amqp10DeliveryState?> SendAsync(Amqp10Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        CancellationTokenSource? timer = StartTimer(cancellationToken);
        try
        {
            Task<Amqp10DeliveryState?>? outcome = await StartAsync(message, timer, cancellationToken).ConfigureAwait(false);
            return await FinishAsync(outcome, timer, cancellationToken).ConfigureAwait(false);
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
        var outcomes = new Task<Amqp10DeliveryState?>?[messages.Count];
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
                results[i] = await FinishAsync(outcomes[i], timers[i], cancellationToken).ConfigureAwait(false);
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
    /// a caller's token to link to, the last send's timer is reused (reset, its timer rearmed), so one send after
    /// another allocates none.
    /// </summary>
    private CancellationTokenSource? StartTimer(CancellationToken cancellationToken)
    {
        if (SendTimeout == Timeout.InfiniteTimeSpan) return null;
        CancellationTokenSource timer = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : Interlocked.Exchange(ref _spareTimer, null) ?? new CancellationTokenSource();
        timer.CancelAfter(SendTimeout);
        return timer;
    }

    /// <summary>Keeps an unlinked timer that has not fired for the next send; disposes any other.</summary>
    private void EndTimer(CancellationTokenSource? timer, CancellationToken cancellationToken)
    {
        if (timer is null) return;
        if (cancellationToken.CanBeCanceled || !timer.TryReset() || Interlocked.CompareExchange(ref _spareTimer, timer, null) is not null)
        {
            timer.Dispose();
        }
    }

    /// <summary>Waits for credit and writes the message; returns the outcome still to come (null when sent settled).</summary>
    private async ValueTask<Task<Amqp10DeliveryState?>?> StartAsync(Amqp10Message message, CancellationTokenSource? timer, CancellationToken cancellationToken)
    {
        bool settled = Guarantee == Amqp10DeliveryGuarantee.AtMostOnce;
        try
        {
            return await _link.StartSendAsync(message, settled, timer?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timer is not null)
        {
            throw new TimeoutException(
                $"The message to '{Address}' on {_endpoint} was not sent: the peer granted no credit within the send timeout of {SendTimeout}. Nothing of it was written.", e);
        }
    }

    private async ValueTask<Amqp10DeliveryState?> FinishAsync(Task<Amqp10DeliveryState?>? outcome, CancellationTokenSource? timer, CancellationToken cancellationToken)
    {
        if (outcome is null) return null;
        try
        {
            return await outcome.WaitAsync(timer?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timer is not null)
        {
            throw new TimeoutException(
                $"The message to '{Address}' on {_endpoint} was sent, but no outcome arrived within the send timeout of {SendTimeout}; the peer may still take it.", e);
        }
    }

    /// <summary>Detaches the link (closing it) and ends its session.</summary>
    /// <param name="cancellationToken">Stops waiting for the peer's detach and end.</param>
    /// <returns>A task that completes once the peer has answered, or the connection is gone.</returns>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Exchange(ref _spareTimer, null)?.Dispose();
        return _link.CloseWithSessionAsync(cancellationToken);
    }

    /// <summary>Closes like <see cref="CloseAsync"/>, waiting at most 5 seconds for the peer.</summary>
    /// <returns>A task that completes once the sender is closed.</returns>
    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _spareTimer, null)?.Dispose();
        return _link.CloseWithSessionWithinAsync();
    }
}
