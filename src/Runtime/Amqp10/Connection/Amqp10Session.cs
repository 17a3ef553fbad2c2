using System.Runtime.CompilerServices;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A session (part 2 section 2.5) on one channel: its transfer windows, delivery ids, unsettled sends and links.
/// State changes happen under the connection's <see cref="Amqp10Connection.Sync"/>, from the read loop (frames) or
/// a caller (sends, attaches).
/// </summary>
/// <remarks>
/// Windows: this side grants <see cref="IncomingWindowSize"/> transfer frames and widens the window again with a flow
/// once half is used; it sends only while the peer's incoming window is open, waiting for the peer's flow otherwise.
/// Delivery ids and transfer ids start at 0 and are not expected to wrap in one session's life.
/// </remarks>
internal sealed class Amqp10Session
{
    public const uint IncomingWindowSize = 2048;

    private readonly Dictionary<uint, Amqp10Link> _links = new(); // by our handle
    private readonly Dictionary<uint, Amqp10Link> _linksByRemoteHandle = new();
    private readonly Dictionary<uint, Amqp10PendingOutcome> _unsettled = new(); // by delivery id
    private readonly Stack<Amqp10PendingOutcome> _spareOutcomes = new(); // read and reset, for the next unsettled sends (under the lock)
    private readonly Dictionary<uint, TaskCompletionSource> _awaitingSenderSettlement = new(); // received deliveries settled second, by delivery id
    private readonly TaskCompletionSource _begun = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AsyncPulse _flowed = new(); // each peer flow: sends waiting for credit or the window look again
    private uint _nextOutgoingId;
    private uint _remoteIncomingWindow;
    private uint _nextIncomingId;
    private uint _incomingWindow;
    private uint _nextDeliveryId;
    private Exception? _failure;
    private bool _endSent;

    internal Amqp10Session(Amqp10Connection connection, ushort channel)
    {
        Connection = connection;
        Channel = channel;
    }

    public Amqp10Connection Connection { get; }

    /// <summary>The channel this side sends on.</summary>
    public ushort Channel { get; }

    /// <summary>The channel the peer sends on, once its begin arrived.</summary>
    public ushort? RemoteChannel { get; private set; }

    private object Sync => Connection.Sync;

    internal async Task BeginAsync(CancellationToken cancellationToken)
    {
        var begin = new Amqp10Begin { NextOutgoingId = 0, IncomingWindow = IncomingWindowSize, OutgoingWindow = IncomingWindowSize };
        lock (Sync) _incomingWindow = IncomingWindowSize;
        await Connection.WriteAsync(Channel, begin, cancellationToken).ConfigureAwait(false);
        await _begun.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    internal void OnBegin(ushort remoteChannel, Amqp10Begin begin)
    {
        lock (Sync)
        {
            RemoteChannel = remoteChannel;
            _nextIncomingId = begin.NextOutgoingId;
            _remoteIncomingWindow = begin.IncomingWindow;
        }

        _begun.TrySetResult();
    }

    /// <summary>Attaches a sending link to <paramref name="address"/> (RabbitMQ 4: <c>/queues/NAME</c>; 3.x: <c>/queue/NAME</c>).</summary>
    public Task<Amqp10SenderLink> AttachSenderAsync(string name, string address, CancellationToken cancellationToken = default) =>
        AttachSenderAsync(name, address, Amqp10SenderSettleMode.Mixed, cancellationToken);

    /// <summary>
    /// Attaches a sending link announcing <paramref name="settleMode"/> (<see cref="Amqp10SenderSettleMode.Settled"/>
    /// for at-most-once, <see cref="Amqp10SenderSettleMode.Unsettled"/> for at-least-once, mixed to choose per send).
    /// </summary>
    internal Task<Amqp10SenderLink> AttachSenderAsync(string name, string address, Amqp10SenderSettleMode settleMode, CancellationToken cancellationToken) =>
        AttachSenderAsync(new Amqp10LinkRequest { Name = name, Target = new Amqp10Target { Address = address }, SenderSettleMode = settleMode }, cancellationToken);

    /// <summary>
    /// Attaches a receiving link to <paramref name="address"/> and grants <paramref name="credit"/> once the peer has
    /// attached; credit comes back as the application takes messages (see <see cref="Amqp10ReceiverLink"/>).
    /// </summary>
    public Task<Amqp10ReceiverLink> AttachReceiverAsync(string name, string address, uint credit = 100, CancellationToken cancellationToken = default) =>
        AttachReceiverAsync(name, address, credit, Amqp10SenderSettleMode.Mixed, cancellationToken);

    /// <summary>
    /// Attaches a receiving link asking the peer to send with <paramref name="senderSettleMode"/>:
    /// <see cref="Amqp10SenderSettleMode.Settled"/> is at-most-once (deliveries arrive settled, nothing to settle here),
    /// <see cref="Amqp10SenderSettleMode.Unsettled"/> at-least-once (each delivery waits for this side's outcome).
    /// </summary>
    internal Task<Amqp10ReceiverLink> AttachReceiverAsync(string name, string address, uint credit, Amqp10SenderSettleMode senderSettleMode, CancellationToken cancellationToken) =>
        AttachReceiverAsync(new Amqp10LinkRequest { Name = name, Source = new Amqp10Source { Address = address }, SenderSettleMode = senderSettleMode, Credit = credit }, cancellationToken);

    /// <summary>
    /// Attaches a sending link with the caller's target, settle mode and link properties: a null target address is
    /// RabbitMQ 4's anonymous terminus (each message names its node in <c>to</c>); the management node's link pair
    /// needs settled mode and <c>paired</c>.
    /// </summary>
    internal Task<Amqp10SenderLink> AttachSenderAsync(
        string name, string? address, Amqp10SenderSettleMode settleMode, Amqp10Value? properties, CancellationToken cancellationToken) =>
        AttachSenderAsync(new Amqp10LinkRequest { Name = name, Target = new Amqp10Target { Address = address }, SenderSettleMode = settleMode, Properties = properties }, cancellationToken);

    /// <summary>Attaches a receiving link with the caller's settle mode and link properties (the management node's link pair).</summary>
    internal Task<Amqp10ReceiverLink> AttachReceiverAsync(
        string name, string address, uint credit, Amqp10SenderSettleMode settleMode, Amqp10Value? properties, CancellationToken cancellationToken) =>
        AttachReceiverAsync(new Amqp10LinkRequest
        {
            Name = name, Source = new Amqp10Source { Address = address }, SenderSettleMode = settleMode, Properties = properties, Credit = credit,
        }, cancellationToken);

    /// <summary>Attaches a sending link as <paramref name="request"/> says (its target, settle modes, max-message-size, capabilities).</summary>
    internal async Task<Amqp10SenderLink> AttachSenderAsync(Amqp10LinkRequest request, CancellationToken cancellationToken)
    {
        var link = new Amqp10SenderLink(this, request.Name, NewHandle());
        Register(link);
        await link.AttachAsync(AttachOf(request, link.Handle, Amqp10Role.Sender), cancellationToken).ConfigureAwait(false);
        return link;
    }

    /// <summary>
    /// Attaches a receiving link as <paramref name="request"/> says; with automatic credit it grants the credit once
    /// the peer has attached and renews it as the application takes messages (see <see cref="Amqp10ReceiverLink"/>).
    /// </summary>
    internal async Task<Amqp10ReceiverLink> AttachReceiverAsync(Amqp10LinkRequest request, CancellationToken cancellationToken)
    {
        if (request.AutomaticCredit && request.Credit == 0) throw new ArgumentOutOfRangeException(nameof(request), "A receiver with automatic credit needs some credit to receive anything.");
        var link = new Amqp10ReceiverLink(this, request.Name, NewHandle(), request.Credit, request.AutomaticCredit, request.MaxMessageSize ?? 0, request.SenderSettleMode == Amqp10SenderSettleMode.Settled);
        Register(link);
        await link.AttachAsync(AttachOf(request, link.Handle, Amqp10Role.Receiver), cancellationToken).ConfigureAwait(false);
        return link;
    }

    private static Amqp10Attach AttachOf(Amqp10LinkRequest request, uint handle, Amqp10Role role) => new()
    {
        Name = request.Name,
        Handle = handle,
        Role = role,
        SenderSettleMode = request.SenderSettleMode,
        ReceiverSettleMode = request.ReceiverSettleMode,
        Source = request.Source,
        Target = request.Target,
        InitialDeliveryCount = role == Amqp10Role.Sender ? 0 : null,
        MaxMessageSize = request.MaxMessageSize is > 0 ? request.MaxMessageSize : null,
        DesiredCapabilities = request.DesiredCapabilities,
        Properties = request.Properties,
    };

    private uint NewHandle()
    {
        lock (Sync)
        {
            uint handle = 0;
            while (_links.ContainsKey(handle)) handle++;
            return handle;
        }
    }

    private void Register(Amqp10Link link)
    {
        lock (Sync)
        {
            ThrowIfStopped();
            _links.Add(link.Handle, link);
        }
    }

    internal void Remove(Amqp10Link link)
    {
        lock (Sync)
        {
            _links.Remove(link.Handle);
            if (link.RemoteHandle is { } remote) _linksByRemoteHandle.Remove(remote);
        }
    }

    /// <summary>Throws why the session (or its connection) stopped; call under the lock.</summary>
    /// <summary>Whether the session or its connection stopped (call under the lock).</summary>
    internal bool IsStopped => _failure is not null || _endSent || Connection.Failure is not null;

    internal void ThrowIfStopped()
    {
        if (_failure is not null) throw new Amqp10ClosedException("session", "it failed or was ended", innerException: _failure);
        if (_endSent) throw new Amqp10ClosedException("session", "it was ended by the application");
        Connection.ThrowIfStopped();
    }

    /// <summary>
    /// Sends one delivery: waits for link credit and the peer's window, then writes its transfer frames in order (the
    /// write lock is held per frame, with the delivery id assigned under it so ids go out in order). Unsettled, returns
    /// the peer's outcome (null if the peer settled without one); settled, returns null once the last frame is written.
    /// Cancellation stops the wait for credit and for the outcome, never a delivery half-written.
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    internal async ValueTask<Amqp10PendingOutcome?> SendAsync(Amqp10SenderLink link, ReadOnlyMemory<byte> payload, bool settled, CancellationToken cancellationToken)
    {
        uint deliveryId;
        Amqp10PendingOutcome? outcome;
        while (true)
        {
            await Connection.AcquireWriteAsync(cancellationToken).ConfigureAwait(false);
            PooledWaiter? wait;
            try
            {
                wait = TakeCreditOrRegisterWait(link, settled, out deliveryId, out outcome);
            }
            catch
            {
                await Connection.ReleaseWriteAsync().ConfigureAwait(false);
                throw;
            }

            if (wait is null) break;
            await Connection.ReleaseWriteAsync().ConfigureAwait(false);
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            int offset;
            try
            {
                offset = Connection.WriteTransferLocked(Channel, link.Handle, deliveryId, deliveryId, settled, payload.Span);
            }
            finally
            {
                await Connection.ReleaseWriteAsync().ConfigureAwait(false);
            }

            while (offset < payload.Length)
            {
                await WaitForWindowAsync(link).ConfigureAwait(false);
                try
                {
                    offset += Connection.WriteTransferLocked(Channel, link.Handle, null, 0, settled, payload.Span[offset..]);
                }
                finally
                {
                    await Connection.ReleaseWriteAsync().ConfigureAwait(false);
                }
            }
        }
        catch (Amqp10ClosedException e)
        {
            // Some or all of it may have reached the peer: whoever sent it cannot know whether it arrived.
            throw new Amqp10OutcomeUnknownException(link.Name, e);
        }

        return outcome;
    }

    /// <summary>Takes an outcome whose waiter stopped waiting out of the unsettled; false when the peer's disposition (or a failure) took it first.</summary>
    internal bool Forget(uint deliveryId, Amqp10PendingOutcome outcome)
    {
        lock (Sync)
        {
            if (!_unsettled.TryGetValue(deliveryId, out Amqp10PendingOutcome? held) || !ReferenceEquals(held, outcome)) return false;
            _unsettled.Remove(deliveryId);
            return true;
        }
    }

    /// <summary>
    /// Fails the outcomes still awaited for deliveries sent on <paramref name="link"/>, which stopped: a detached link's
    /// deliveries get no disposition on this session any more (only a link attached again could settle them).
    /// </summary>
    internal void FailOutcomesOf(Amqp10SenderLink link, Exception failure)
    {
        lock (Sync)
        {
            if (_unsettled.Count == 0) return;
            foreach (KeyValuePair<uint, Amqp10PendingOutcome> entry in _unsettled.Where(entry => ReferenceEquals(entry.Value.Link, link)).ToArray())
            {
                // Completed under the lock, like a disposition: the continuation runs asynchronously, never inline here.
                _unsettled.Remove(entry.Key);
                entry.Value.TrySetException(failure);
            }
        }
    }

    /// <summary>Wakes the sends waiting for credit or the window to look again (a link of theirs stopped).</summary>
    internal void WakeSendersWaitingForCredit() => _flowed.Pulse();

    /// <summary>Keeps a read outcome for a later unsettled send.</summary>
    internal void Recycle(Amqp10PendingOutcome outcome)
    {
        lock (Sync) _spareOutcomes.Push(outcome);
    }

    /// <summary>
    /// Under the write lock: takes credit, a delivery id and, unsettled, a pending outcome for one delivery; or, with no
    /// credit or window, registers a wait for the next flow and returns it. Throws when the link stopped.
    /// </summary>
    private PooledWaiter? TakeCreditOrRegisterWait(Amqp10SenderLink link, bool settled, out uint deliveryId, out Amqp10PendingOutcome? outcome)
    {
        lock (Sync)
        {
            link.ThrowIfStopped();
            if (link.Credit == 0 || _remoteIncomingWindow == 0)
            {
                deliveryId = 0;
                outcome = null;
                return _flowed.Register();
            }

            deliveryId = _nextDeliveryId++;
            link.Credit--;
            link.DeliveryCount++;
            _remoteIncomingWindow--;
            _nextOutgoingId++;
            outcome = null;
            if (!settled)
            {
                outcome = _spareOutcomes.TryPop(out Amqp10PendingOutcome? spare) ? spare : new Amqp10PendingOutcome(this);
                outcome.Arm(deliveryId, link);
                _unsettled.Add(deliveryId, outcome);
            }

            return null;
        }
    }

    /// <summary>
    /// Takes the write lock with the peer's incoming window open, one transfer frame accounted for; throws when
    /// <paramref name="link"/>, its session or connection stopped meanwhile, so no frame of the delivery follows a detach.
    /// </summary>
    private async Task WaitForWindowAsync(Amqp10SenderLink link)
    {
        while (true)
        {
            await Connection.AcquireWriteAsync(CancellationToken.None).ConfigureAwait(false);
            PooledWaiter? wait = null;
            Exception? stopped = null;
            lock (Sync)
            {
                try
                {
                    link.ThrowIfStopped(); // the session's and the connection's state too
                }
                catch (Amqp10ClosedException e)
                {
                    stopped = e;
                }

                if (stopped is null)
                {
                    if (_remoteIncomingWindow > 0)
                    {
                        _remoteIncomingWindow--;
                        _nextOutgoingId++;
                        return;
                    }

                    wait = _flowed.Register();
                }
            }

            await Connection.ReleaseWriteAsync().ConfigureAwait(false);
            if (stopped is not null) throw stopped;
            await wait!.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The session's part of a flow (its windows), for the link flows a receiver sends and for session flows.</summary>
    internal Amqp10Flow SessionFlow(uint? handle = null, uint? deliveryCount = null, uint? linkCredit = null) => new()
    {
        NextIncomingId = _nextIncomingId,
        IncomingWindow = _incomingWindow,
        NextOutgoingId = _nextOutgoingId,
        OutgoingWindow = IncomingWindowSize,
        Handle = handle,
        DeliveryCount = deliveryCount,
        LinkCredit = linkCredit,
    };

    internal Amqp10Reply OnAttach(Amqp10Attach attach)
    {
        Amqp10Link? link = null;
        lock (Sync)
        {
            foreach (Amqp10Link candidate in _links.Values)
            {
                if (candidate.Name == attach.Name && candidate.RemoteHandle is null)
                {
                    link = candidate;
                    break;
                }
            }

            if (link is null)
            {
                throw new Amqp10ProtocolException(Amqp10Conditions.NotImplemented, $"an attach for link '{attach.Name}' that answers no attach of ours (links the peer starts are not supported)");
            }

            if (!_linksByRemoteHandle.TryAdd(attach.Handle, link))
            {
                throw new Amqp10ProtocolException(Amqp10Conditions.HandleInUse, $"the peer attached link '{attach.Name}' with handle {attach.Handle}, already in use");
            }

            link.RemoteHandle = attach.Handle;
            return link.OnAttach(attach);
        }
    }

    internal Amqp10Reply OnFlow(Amqp10Flow flow)
    {
        Amqp10Reply reply = default;
        lock (Sync)
        {
            // The peer's window, counted from the transfers it has seen to those this side has sent (part 2 section 2.5.6).
            _remoteIncomingWindow = unchecked((flow.NextIncomingId ?? 0) + flow.IncomingWindow - _nextOutgoingId);
            if (flow.Handle is { } handle && LinkByRemoteHandle(handle, "flow").OnFlow(flow) is { } answer)
            {
                reply.Flow = (Channel, answer);
            }
            else if (flow.Echo == true)
            {
                reply.Flow = (Channel, SessionFlow());
            }
        }

        _flowed.Pulse();
        return reply;
    }

    internal Amqp10Reply OnTransfer(Amqp10Transfer transfer, ReadOnlySpan<byte> payload)
    {
        lock (Sync)
        {
            if (_incomingWindow == 0)
            {
                throw new Amqp10ProtocolException(Amqp10Conditions.WindowViolation, $"a transfer on channel {RemoteChannel} beyond the incoming window of {IncomingWindowSize}");
            }

            _nextIncomingId++;
            _incomingWindow--;
            if (LinkByRemoteHandle(transfer.Handle, "transfer") is not Amqp10ReceiverLink receiver)
            {
                throw new Amqp10ProtocolException(Amqp10Conditions.NotAllowed, $"a transfer on handle {transfer.Handle}, a link this side sends on");
            }

            bool topUpCredit = receiver.OnTransfer(transfer, payload, out Amqp10Detach? detach);
            bool widenWindow = _incomingWindow <= IncomingWindowSize / 2;
            if (widenWindow) _incomingWindow = IncomingWindowSize;
            if (detach is { } tooLarge) return new Amqp10Reply { Detach = (Channel, tooLarge), Flow = widenWindow ? (Channel, SessionFlow()) : null };
            if (topUpCredit) return new Amqp10Reply { Flow = (Channel, SessionFlow(receiver.Handle, receiver.DeliveryCount, receiver.Credit)) };
            if (widenWindow) return new Amqp10Reply { Flow = (Channel, SessionFlow()) };
            return default;
        }
    }

    /// <summary>
    /// A task that completes once the sender settles received delivery <paramref name="deliveryId"/>, for a receiver
    /// that settles second; call under the lock, before the receiver's unsettled disposition goes out.
    /// </summary>
    internal Task AwaitSenderSettlement(uint deliveryId)
    {
        var settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaitingSenderSettlement[deliveryId] = settled;
        return settled.Task;
    }

    internal Amqp10Reply OnDisposition(Amqp10Disposition disposition)
    {
        uint last = disposition.Last ?? disposition.First;
        if (disposition.Role != Amqp10Role.Receiver)
        {
            // A sender's disposition settles deliveries this side received; it matters only to those settled second.
            if (disposition.Settled != true) return default;
            lock (Sync)
            {
                foreach (uint id in IdsWithin(_awaitingSenderSettlement, disposition.First, last))
                {
                    _awaitingSenderSettlement.Remove(id, out TaskCompletionSource? settled);
                    settled!.TrySetResult();
                }
            }

            return default;
        }

        lock (Sync)
        {
            // Completed under the lock: the completions run their continuations asynchronously, never inline here.
            if (last - disposition.First < (uint)_unsettled.Count)
            {
                for (uint id = disposition.First; ; id++)
                {
                    if (_unsettled.Remove(id, out Amqp10PendingOutcome? outcome)) outcome.TrySetResult(disposition.State);
                    if (id == last) break;
                }
            }
            else
            {
                // A range wider than what is unsettled (a peer may settle 0 to 2^32-1 at once): walk the unsettled instead.
                foreach (uint id in IdsWithin(_unsettled, disposition.First, last))
                {
                    _unsettled.Remove(id, out Amqp10PendingOutcome? outcome);
                    outcome!.TrySetResult(disposition.State);
                }
            }
        }

        // The receiver stated an outcome without settling (it settles second): this side settles, which ends it.
        if (disposition.Settled != true && disposition.State is { IsOutcome: true })
        {
            return new Amqp10Reply
            {
                Settle = (Channel, new Amqp10Disposition { Role = Amqp10Role.Sender, First = disposition.First, Last = last, Settled = true, State = disposition.State }),
            };
        }

        return default;
    }

    /// <summary>
    /// The ids of <paramref name="deliveries"/> from <paramref name="first"/> to <paramref name="last"/>, copied so the
    /// caller may remove them. A method of its own, not a lambda in the caller: a lambda over the caller's disposition
    /// would cost a closure on every disposition, not only on the wide ones.
    /// </summary>
    private static List<uint> IdsWithin<T>(Dictionary<uint, T> deliveries, uint first, uint last)
    {
        var ids = new List<uint>();
        foreach (uint id in deliveries.Keys)
        {
            if (id >= first && id <= last) ids.Add(id);
        }

        return ids;
    }

    internal Amqp10Reply OnDetach(Amqp10Detach detach)
    {
        lock (Sync)
        {
            Amqp10Link link = LinkByRemoteHandle(detach.Handle, "detach");
            _linksByRemoteHandle.Remove(detach.Handle);
            _links.Remove(link.Handle);
            bool ours = link.OnDetach(detach);
            return ours ? default : new Amqp10Reply { Detach = (Channel, new Amqp10Detach { Handle = link.Handle, Closed = detach.Closed }) };
        }
    }

    internal Amqp10Reply OnEnd(Amqp10End end)
    {
        bool ours;
        lock (Sync) ours = _endSent;
        Connection.RemoveSession(this);
        if (ours)
        {
            _ended.TrySetResult();
            Fail(new Amqp10ClosedException("session", "it was ended", end.Error));
            return default;
        }

        Fail(new Amqp10ClosedException("session", "the peer ended it", end.Error));
        return new Amqp10Reply { End = Channel };
    }

    private Amqp10Link LinkByRemoteHandle(uint handle, string performative) =>
        _linksByRemoteHandle.TryGetValue(handle, out Amqp10Link? link)
            ? link
            : throw new Amqp10ProtocolException(Amqp10Conditions.UnattachedHandle, $"{performative} on handle {handle}, which no attached link has");

    /// <summary>Ends the session and waits for the peer's end.</summary>
    public async Task EndAsync(CancellationToken cancellationToken = default)
    {
        lock (Sync)
        {
            if (_endSent || _failure is not null) return;
            _endSent = true;
        }

        // Recorded as sent, so it goes out whatever the token says; the token stops the wait for the peer's end.
        await Connection.WriteAsync(Channel, new Amqp10End(), CancellationToken.None).ConfigureAwait(false);
        await _ended.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the session's links, unsettled sends and waiters with <paramref name="failure"/>.</summary>
    internal void Fail(Exception failure)
    {
        Amqp10Link[] links;
        Amqp10PendingOutcome[] unsettled;
        TaskCompletionSource[] awaitingSenderSettlement;
        lock (Sync)
        {
            if (_failure is not null) return;
            _failure = failure;
            links = [.. _links.Values];
            _links.Clear();
            _linksByRemoteHandle.Clear();
            unsettled = [.. _unsettled.Values];
            _unsettled.Clear();
            awaitingSenderSettlement = [.. _awaitingSenderSettlement.Values];
            _awaitingSenderSettlement.Clear();
        }

        foreach (Amqp10Link link in links) link.Fail(failure);
        foreach (Amqp10PendingOutcome outcome in unsettled) outcome.TrySetException(failure);
        foreach (TaskCompletionSource settled in awaitingSenderSettlement) Amqp10Completions.Fail(settled, failure);
        Amqp10Completions.Fail(_begun, failure);
        Amqp10Completions.Fail(_ended, failure);
        _flowed.Pulse(); // waiters wake and find the failure
    }
}
