using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Amqp10.Connection;
using static TypedAmqp.Tests.Amqp10.Client.ScriptedLinks;

namespace TypedAmqp.Tests.Amqp10.Client;

/// <summary>
/// Link-level control against the scripted peer, frame by frame: manual credit and drain (as receiver and as sender),
/// max-message-size in both directions, and receiver settle mode second (as receiver and as sender).
/// </summary>
public sealed class Amqp10LinkControlTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static Amqp10Message Text(string text) => new() { Value = Amqp10Value.String(text) };

    private static async Task<(Amqp10Receiver Receiver, Amqp10Attach Attach)> ReceiverAsync(
        ScriptedAmqp10Peer peer, Amqp10Client client, Amqp10ReceiverOptions options, Amqp10ReceiverSettleMode? peerReceiverSettleMode = null)
    {
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 5, receiverSettleMode: peerReceiverSettleMode);
        Amqp10Receiver receiver = await client.CreateReceiverAsync("/queues/q", options).AsTask().WaitAsync(Timeout);
        return (receiver, await peerSide.WaitAsync(Timeout));
    }

    [Fact]
    public async Task With_manual_credit_the_receiver_grants_only_what_the_application_adds()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        (Amqp10Receiver receiver, _) = await ReceiverAsync(peer, client, new Amqp10ReceiverOptions { AutomaticCredit = false, Credit = 0 });
        await using Amqp10Receiver owned = receiver;
        Assert.Equal(0u, receiver.Credit);

        await receiver.AddCreditAsync(2).AsTask().WaitAsync(Timeout);
        Amqp10Flow grant = await ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout); // the first frame after the attach: no credit was granted on attaching
        Assert.Equal((0u, 2u), (grant.DeliveryCount, grant.LinkCredit));

        await SendMessageAsync(peer, 0, 5, deliveryId: 0, Text("a"), settled: true);
        await SendMessageAsync(peer, 0, 5, deliveryId: 1, Text("b"), settled: true);
        Assert.Equal(Amqp10Value.String("a"), (await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout)).Message.Value);
        Assert.Equal(Amqp10Value.String("b"), (await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout)).Message.Value);
        Assert.Equal(0u, receiver.Credit);

        // Taking both messages renewed nothing: the next frame is the application's own grant, counted from 2.
        await receiver.AddCreditAsync(3).AsTask().WaitAsync(Timeout);
        Amqp10Flow more = await ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout);
        Assert.Equal((2u, 3u), (more.DeliveryCount, more.LinkCredit));
        Assert.Equal(3u, receiver.Credit);
    }

    [Fact]
    public async Task A_drain_completes_when_the_peer_answers_with_its_delivery_count_advanced_and_no_credit()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        (Amqp10Receiver receiver, _) = await ReceiverAsync(peer, client, new Amqp10ReceiverOptions { AutomaticCredit = false, Credit = 5 });
        await using Amqp10Receiver owned = receiver;
        Amqp10Flow grant = await ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout);
        Assert.Equal(5u, grant.LinkCredit);

        Task draining = receiver.DrainAsync().AsTask();
        Amqp10Flow drain = await ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout);
        Assert.Equal((true, 0u, 5u), (drain.Drain, drain.DeliveryCount, drain.LinkCredit));
        Assert.False(draining.IsCompleted, "the drain completed before the peer answered");

        // The peer sends the one message it has, then uses up the other four credits by advancing its delivery-count.
        await SendMessageAsync(peer, 0, 5, deliveryId: 0, Text("last"), settled: true);
        await LinkFlowAsync(peer, 0, 5, nextOutgoingId: 1, deliveryCount: 5, credit: 0, drain: true);
        await draining.WaitAsync(Timeout);
        Assert.Equal(0u, receiver.Credit);
        Assert.Equal(Amqp10Value.String("last"), (await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout)).Message.Value);

        // Credit granted after the drain counts from the delivery-count the peer advanced to.
        await receiver.AddCreditAsync(1).AsTask().WaitAsync(Timeout);
        Amqp10Flow after = await ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout);
        Assert.Equal((5u, 1u), (after.DeliveryCount, after.LinkCredit));
    }

    [Fact]
    public async Task A_drain_without_credit_left_completes_at_once_and_a_cancelled_drain_throws_without_hanging()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        (Amqp10Receiver receiver, _) = await ReceiverAsync(peer, client, new Amqp10ReceiverOptions { AutomaticCredit = false, Credit = 0 });
        await using Amqp10Receiver owned = receiver;
        await receiver.DrainAsync().AsTask().WaitAsync(Timeout);

        await receiver.AddCreditAsync(4).AsTask().WaitAsync(Timeout);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiver.DrainAsync(cancel.Token).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Credit_a_drain_and_a_settlement_asked_for_with_a_token_already_cancelled_still_reach_the_peer_and_a_later_drain_completes()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        (Amqp10Receiver receiver, _) = await ReceiverAsync(peer, client, new Amqp10ReceiverOptions { AutomaticCredit = false, Credit = 0 });
        await using Amqp10Receiver owned = receiver;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // The credit is counted here, so the peer hears of it, though the caller had already given up.
        await receiver.AddCreditAsync(2, cancelled.Token).AsTask().WaitAsync(Timeout);
        Amqp10Flow grant = await ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout);
        Assert.Equal(2u, grant.LinkCredit);

        await SendMessageAsync(peer, 0, 5, deliveryId: 0, Text("kept"));
        Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        await receiver.AcceptAsync(delivery, cancelled.Token).AsTask().WaitAsync(Timeout);
        Amqp10Disposition settled = await ReadDispositionAsync(peer).WaitAsync(Timeout);
        Assert.Equal((0u, true, Amqp10DeliveryStateKind.Accepted), (settled.First, settled.Settled, settled.State?.Kind));

        // A drain whose caller gave up at once still asks the peer; the next drain waits for that same answer.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiver.DrainAsync(cancelled.Token).AsTask().WaitAsync(Timeout));
        Amqp10Flow drain = await ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout);
        Assert.True(drain.Drain);
        Task draining = receiver.DrainAsync().AsTask();
        await LinkFlowAsync(peer, 0, 5, nextOutgoingId: 1, deliveryCount: 2, credit: 0, drain: true);
        await draining.WaitAsync(Timeout);
        Assert.Equal(0u, receiver.Credit);
    }

    [Fact]
    public async Task Manual_credit_calls_on_a_receiver_with_automatic_credit_are_refused_before_anything_is_sent()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        (Amqp10Receiver receiver, _) = await ReceiverAsync(peer, client, new Amqp10ReceiverOptions { Credit = 10 });
        await using Amqp10Receiver owned = receiver;
        InvalidOperationException add = await Assert.ThrowsAsync<InvalidOperationException>(() => receiver.AddCreditAsync(1).AsTask());
        Assert.Contains("automatically", add.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => receiver.DrainAsync().AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.CreateReceiverAsync("/queues/q", new Amqp10ReceiverOptions { Credit = 0 }).AsTask());
    }

    [Fact]
    public async Task The_sender_answers_a_drain_with_nothing_to_send_by_advancing_its_delivery_count_and_returning_no_credit()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 3);
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/q", new Amqp10SenderOptions { SendTimeout = TimeSpan.FromMilliseconds(300) }).AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);

        await LinkFlowAsync(peer, 0, 3, nextOutgoingId: 0, deliveryCount: 0, credit: 3, drain: true);
        Amqp10Flow answer = await ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout);
        Assert.Equal((0u, 3u, 0u, true), (answer.Handle, answer.DeliveryCount, answer.LinkCredit, answer.Drain));

        // The credit is gone: a send waits for more, and the first transfer after a new grant is delivery 0.
        TimeoutException late = await Assert.ThrowsAsync<TimeoutException>(() => sender.SendAsync(Text("late")).AsTask().WaitAsync(Timeout));
        Assert.Contains("was not sent", late.Message, StringComparison.Ordinal);
        await GrantAsync(peer, 0, 3, nextIncomingId: 0, deliveryCount: 3, credit: 1);
        Task<Amqp10DeliveryState?> sending = sender.SendAsync(Text("now")).AsTask();
        (uint? id, _) = await ReadTransferAsync(peer).WaitAsync(Timeout);
        Assert.Equal(0u, id);
        await SettleAsync(peer, 0, 0, Amqp10DeliveryState.Accepted);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sending.WaitAsync(Timeout))?.Kind);
    }

    [Fact]
    public async Task The_sender_answers_a_drain_after_the_sends_that_were_waiting_use_what_they_can()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 0);
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/q").AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);
        Task<Amqp10DeliveryState?> waiting = sender.SendAsync(Text("waiting")).AsTask();
        await Task.Delay(100);

        await LinkFlowAsync(peer, 0, 3, nextOutgoingId: 0, deliveryCount: 0, credit: 4, drain: true);
        (uint? id, _) = await ReadTransferAsync(peer).WaitAsync(Timeout);
        Assert.Equal(0u, id);
        Amqp10Flow answer = await ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout);
        Assert.Equal((4u, 0u, true), (answer.DeliveryCount, answer.LinkCredit, answer.Drain)); // 1 sent, 3 advanced past
        await SettleAsync(peer, 0, 0, Amqp10DeliveryState.Accepted);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await waiting.WaitAsync(Timeout))?.Kind);
    }

    [Fact]
    public async Task A_message_over_the_peer_s_max_message_size_is_refused_unsent_and_the_sender_goes_on()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 5, maxMessageSize: 100);
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/small", new Amqp10SenderOptions { MaxMessageSize = 4096 }).AsTask().WaitAsync(Timeout);
        Amqp10Attach ours = await peerSide.WaitAsync(Timeout);
        Assert.Equal(4096ul, ours.MaxMessageSize);
        Assert.Equal(100ul, sender.PeerMaxMessageSize);

        Amqp10MessageSizeExceededException error = await Assert.ThrowsAsync<Amqp10MessageSizeExceededException>(
            () => sender.SendAsync(new Amqp10Message { Data = new byte[200] }).AsTask().WaitAsync(Timeout));
        Assert.Equal(100ul, error.Limit);
        Assert.True(error.Size > 200, $"size {error.Size}");
        Assert.Equal(sender.Name, error.LinkName);
        Assert.Contains($"{error.Size} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("max-message-size of 100 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("'/queues/small'", error.Message, StringComparison.Ordinal);

        // Nothing of it was written: the next message is delivery 0.
        Task<Amqp10DeliveryState?> small = sender.SendAsync(new Amqp10Message { Data = new byte[10] }).AsTask();
        (uint? id, _) = await ReadTransferAsync(peer).WaitAsync(Timeout);
        Assert.Equal(0u, id);
        await SettleAsync(peer, 0, 0, Amqp10DeliveryState.Accepted);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await small.WaitAsync(Timeout))?.Kind);
    }

    [Fact]
    public async Task A_delivery_over_the_receiver_s_max_message_size_detaches_the_link_with_message_size_exceeded()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        (Amqp10Receiver receiver, Amqp10Attach attach) = await ReceiverAsync(peer, client, new Amqp10ReceiverOptions { MaxMessageSize = 64, Credit = 5 });
        await using Amqp10Receiver owned = receiver;
        Assert.Equal(64ul, attach.MaxMessageSize);
        await ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout);

        await SendMessageAsync(peer, 0, 5, deliveryId: 0, new Amqp10Message { Data = new byte[10] });
        Amqp10Delivery fits = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        await SendMessageAsync(peer, 0, 5, deliveryId: 1, new Amqp10Message { Data = new byte[100] });

        Amqp10Detach detach = await ReadNextAsync(peer, Amqp10Descriptors.Detach, Amqp10Detach.Read).WaitAsync(Timeout);
        Assert.True(detach.Closed);
        Assert.Equal(Amqp10Conditions.MessageSizeExceeded, detach.Error?.Condition);
        Amqp10ClosedException closed = await Assert.ThrowsAsync<Amqp10ClosedException>(() => receiver.ReceiveAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal("link", closed.Scope);
        Assert.Equal(Amqp10Conditions.MessageSizeExceeded, closed.Condition);
        Amqp10MessageSizeExceededException tooLarge = Assert.IsType<Amqp10MessageSizeExceededException>(closed.InnerException);
        Assert.Equal(64ul, tooLarge.Limit);
        Assert.True(tooLarge.Size > 100);
        Assert.Contains("max-message-size of 64 bytes", tooLarge.Message, StringComparison.Ordinal);
        Assert.Equal(10, fits.Message.Data!.Value.Length);

        // The peer answers the detach; the link is gone and the connection lives on.
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Detach { Handle = 5, Closed = true }.Write(ref w), 0);
        Assert.Null(client.Failure);
    }

    [Fact]
    public async Task Settling_second_sends_the_outcome_unsettled_and_completes_once_the_sender_settles()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        (Amqp10Receiver receiver, Amqp10Attach attach) = await ReceiverAsync(
            peer, client, new Amqp10ReceiverOptions { ReceiverSettleMode = Amqp10ReceiverSettleMode.Second }, Amqp10ReceiverSettleMode.Second);
        await using Amqp10Receiver owned = receiver;
        Assert.Equal(Amqp10ReceiverSettleMode.Second, attach.ReceiverSettleMode);
        Assert.Equal(Amqp10ReceiverSettleMode.Second, receiver.ReceiverSettleMode);

        await SendMessageAsync(peer, 0, 5, deliveryId: 0, Text("twice"));
        Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Task accepting = receiver.AcceptAsync(delivery).AsTask();
        Amqp10Disposition disposition = await ReadDispositionAsync(peer).WaitAsync(Timeout);
        Assert.Equal((Amqp10Role.Receiver, false, Amqp10DeliveryStateKind.Accepted), (disposition.Role, disposition.Settled, disposition.State?.Kind));
        await Task.Delay(100);
        Assert.False(accepting.IsCompleted, "settling second completed before the sender settled");

        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Disposition
        {
            Role = Amqp10Role.Sender, First = 0, Settled = true, State = Amqp10DeliveryState.Accepted,
        }.Write(ref w), 0);
        await accepting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_peer_that_answers_settle_mode_first_gets_final_settlements_and_the_receiver_says_so()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        (Amqp10Receiver receiver, _) = await ReceiverAsync(
            peer, client, new Amqp10ReceiverOptions { ReceiverSettleMode = Amqp10ReceiverSettleMode.Second }, Amqp10ReceiverSettleMode.First);
        await using Amqp10Receiver owned = receiver;
        Assert.Equal(Amqp10ReceiverSettleMode.First, receiver.ReceiverSettleMode);
        Assert.Equal(Amqp10ReceiverSettleMode.First, receiver.PeerReceiverSettleMode);

        await SendMessageAsync(peer, 0, 5, deliveryId: 0, Text("once"));
        Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        await receiver.AcceptAsync(delivery).AsTask().WaitAsync(Timeout);
        Amqp10Disposition disposition = await ReadDispositionAsync(peer).WaitAsync(Timeout);
        Assert.True(disposition.Settled);
    }

    [Fact]
    public async Task A_sender_whose_peer_settles_second_settles_each_outcome_it_receives()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 5, receiverSettleMode: Amqp10ReceiverSettleMode.Second);
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/q").AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);
        Assert.Equal(Amqp10ReceiverSettleMode.Second, sender.PeerReceiverSettleMode);

        Task<Amqp10DeliveryState?> sending = sender.SendAsync(Text("settled by us")).AsTask();
        await ReadTransferAsync(peer).WaitAsync(Timeout);
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Disposition
        {
            Role = Amqp10Role.Receiver, First = 0, Settled = false, State = Amqp10DeliveryState.Accepted,
        }.Write(ref w), 0);
        Amqp10Disposition settle = await ReadDispositionAsync(peer).WaitAsync(Timeout);
        Assert.Equal((Amqp10Role.Sender, 0u, true, Amqp10DeliveryStateKind.Accepted), (settle.Role, settle.First, settle.Settled, settle.State?.Kind));
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sending.WaitAsync(Timeout))?.Kind);
    }

    [Fact]
    public async Task Sends_awaiting_their_outcome_when_the_peer_detaches_the_sender_fail_at_once_as_outcome_unknown_and_one_waiting_for_credit_as_closed()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 2);
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/q", new Amqp10SenderOptions { SendTimeout = TimeSpan.FromMinutes(5) }).AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);
        Task<Amqp10DeliveryState?> first = sender.SendAsync(Text("one")).AsTask();
        Task<Amqp10DeliveryState?> second = sender.SendAsync(Text("two")).AsTask();
        await ReadTransferAsync(peer).WaitAsync(Timeout);
        await ReadTransferAsync(peer).WaitAsync(Timeout);
        Task<Amqp10DeliveryState?> waitingForCredit = sender.SendAsync(Text("no credit left")).AsTask();
        await Task.Delay(100);
        Assert.False(waitingForCredit.IsCompleted);

        // The peer detaches the link (the session lives on) before any disposition: no outcome can come any more.
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Detach
        {
            Handle = 3, Closed = true, Error = new Amqp10Error(Amqp10Conditions.ResourceDeleted, "queue 'q' was deleted"),
        }.Write(ref w), 0);
        foreach (Task<Amqp10DeliveryState?> send in new[] { first, second })
        {
            Amqp10OutcomeUnknownException unknown = await Assert.ThrowsAsync<Amqp10OutcomeUnknownException>(() => send.WaitAsync(Timeout));
            Assert.Equal(Amqp10Conditions.ResourceDeleted, unknown.Condition);
            Assert.Contains(sender.Name, unknown.Message, StringComparison.Ordinal);
        }

        // The send still waiting for credit was never written: it fails as closed, not as outcome unknown.
        Amqp10ClosedException unsent = await Assert.ThrowsAsync<Amqp10ClosedException>(() => waitingForCredit.WaitAsync(Timeout));
        Assert.IsNotType<Amqp10OutcomeUnknownException>(unsent);
        Assert.Equal(Amqp10Conditions.ResourceDeleted, unsent.Condition);

        // The link answers the detach; a later send says the link is gone, and the connection lives on.
        Amqp10Detach answer = await ReadNextAsync(peer, Amqp10Descriptors.Detach, Amqp10Detach.Read).WaitAsync(Timeout);
        Assert.True(answer.Closed);
        Amqp10ClosedException closed = await Assert.ThrowsAsync<Amqp10ClosedException>(() => sender.SendAsync(Text("three")).AsTask().WaitAsync(Timeout));
        Assert.IsNotType<Amqp10OutcomeUnknownException>(closed);
        Assert.Equal(Amqp10Conditions.ResourceDeleted, closed.Condition);
        Assert.Null(client.Failure);
    }

    [Fact]
    public async Task A_delivery_split_over_frames_sends_no_more_of_them_once_the_peer_detached_its_link()
    {
        await using var peer = new ScriptedAmqp10Peer();
        Amqp10Client client = await ConnectAsync(peer, Timeout);
        // A session window of one frame: the delivery's second frame waits for the peer's next flow.
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, window: 1);
        Amqp10Sender sender = await client.CreateSenderAsync("/queues/q").AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Flow
        {
            NextIncomingId = 0, IncomingWindow = 1, NextOutgoingId = 0, OutgoingWindow = 100, Handle = 3, DeliveryCount = 0, LinkCredit = 5,
        }.Write(ref w), 0);
        Task<Amqp10DeliveryState?> sending = sender.SendAsync(new Amqp10Message { Data = new byte[10_000] }).AsTask(); // three 4 KiB frames
        Assert.Equal(Amqp10Descriptors.Transfer, Descriptor(await peer.ReadFrameAsync().WaitAsync(Timeout)));

        // The peer detaches the link, then opens its session window: the frames left must not follow the detach.
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Detach
        {
            Handle = 3, Closed = true, Error = new Amqp10Error(Amqp10Conditions.ResourceDeleted, "queue 'q' was deleted"),
        }.Write(ref w), 0);
        Assert.Equal(Amqp10Descriptors.Detach, Descriptor(await peer.ReadFrameAsync().WaitAsync(Timeout)));
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Flow
        {
            NextIncomingId = 1, IncomingWindow = 100, NextOutgoingId = 0, OutgoingWindow = 100,
        }.Write(ref w), 0);

        Amqp10OutcomeUnknownException unknown = await Assert.ThrowsAsync<Amqp10OutcomeUnknownException>(() => sending.WaitAsync(Timeout));
        Assert.Equal(Amqp10Conditions.ResourceDeleted, unknown.Condition);

        // Everything the client writes until its close: no transfer among it.
        ValueTask closing = client.DisposeAsync();
        var after = new List<ulong>();
        while (true)
        {
            ulong descriptor = Descriptor(await peer.ReadFrameAsync().WaitAsync(Timeout));
            after.Add(descriptor);
            if (descriptor == Amqp10Descriptors.Close) break;
        }

        Assert.DoesNotContain(Amqp10Descriptors.Transfer, after);
        await closing;
    }
}
