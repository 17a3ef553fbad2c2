using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Amqp10.Connection;
using static TypedAmqp.Tests.Amqp10.Client.ScriptedLinks;

namespace TypedAmqp.Tests.Amqp10.Client;

/// <summary>
/// The public client API (Amqp10Client, Amqp10Sender, Amqp10Receiver) against the scripted peer: what it puts on the
/// wire for each guarantee and settlement, its timeouts, batches, and a session per link.
/// </summary>
public sealed class Amqp10ClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static Amqp10Message Text(string text) => new() { Value = Amqp10Value.String(text) };

    [Fact]
    public async Task An_at_least_once_sender_attaches_unsettled_and_returns_the_peer_s_outcome()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Assert.Equal($"amqp://127.0.0.1:{peer.Port}", client.Endpoint);
        Assert.Equal("scripted-peer", client.RemoteContainerId);
        Assert.Equal(["PLAIN", "ANONYMOUS"], client.ServerMechanisms);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 10);
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/q").AsTask().WaitAsync(Timeout);
        Amqp10Attach attach = await peerSide.WaitAsync(Timeout);
        Assert.Equal(Amqp10SenderSettleMode.Unsettled, attach.SenderSettleMode);
        Assert.Equal("sender-1", sender.Name);
        Assert.Equal("/queues/q", attach.Target!.Address);

        Task<Amqp10DeliveryState?> sending = sender.SendAsync(Text("one")).AsTask();
        (uint? id, bool? settled) = await ReadTransferAsync(peer).WaitAsync(Timeout);
        Assert.Equal(0u, id);
        Assert.False(settled);
        await Task.Delay(100);
        Assert.False(sending.IsCompleted, "the send completed before the peer's outcome");
        await SettleAsync(peer, 0, 0, Amqp10DeliveryState.Rejected(new Amqp10Error(Amqp10Conditions.PreconditionFailed, "full")));
        Amqp10DeliveryState? outcome = await sending.WaitAsync(Timeout);
        Assert.Equal(Amqp10DeliveryStateKind.Rejected, outcome?.Kind);
        Assert.Equal(new Amqp10Error(Amqp10Conditions.PreconditionFailed, "full"), outcome?.Error);
    }

    [Fact]
    public async Task Disposing_waits_for_a_silent_peer_s_close_no_longer_than_the_close_timeout()
    {
        await using var peer = new ScriptedAmqp10Peer();
        Amqp10Client client = await ConnectAsync(peer, Timeout, peer.ClientOptions(closeTimeout: TimeSpan.FromMilliseconds(200)));

        // The peer reads the close and never answers: the default 5 s would run past this bound.
        Task<Amqp10Close> closeRead = peer.ReadCloseAsync();
        await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(3));
        await closeRead.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Closing_without_a_token_waits_for_a_silent_peer_s_close_no_longer_than_the_close_timeout()
    {
        await using var peer = new ScriptedAmqp10Peer();
        Amqp10Client client = await ConnectAsync(peer, Timeout, peer.ClientOptions(closeTimeout: TimeSpan.FromMilliseconds(200)));

        // CloseAsync() used to wait a fixed 10 s for the peer's close whatever the close timeout said.
        Task<Amqp10Close> closeRead = peer.ReadCloseAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await client.CloseAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(3));
        await closeRead.WaitAsync(Timeout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task A_close_timeout_that_is_not_positive_is_refused_before_connecting(int milliseconds)
    {
        var options = new Amqp10ConnectionOptions { Host = "127.0.0.1", Port = 1, CloseTimeout = TimeSpan.FromMilliseconds(milliseconds) };
        ArgumentOutOfRangeException refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Amqp10Client.ConnectAsync(options).AsTask());
        Assert.Contains("CloseTimeout", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_never_answers_the_attach_fails_the_create_within_the_handshake_timeout_and_the_session_is_ended()
    {
        await using var peer = new ScriptedAmqp10Peer();
        Task accepted = peer.AcceptAsync();
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(peer.ClientOptions(handshakeTimeout: TimeSpan.FromSeconds(1))).AsTask().WaitAsync(Timeout);
        await accepted.WaitAsync(Timeout);

        Task<Amqp10Receiver> creating = client.CreateReceiverAsync("/queues/silent").AsTask();
        await ReadNextAsync(peer, Amqp10Descriptors.Begin, Amqp10Begin.Read).WaitAsync(Timeout);
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) =>
            new Amqp10Begin { RemoteChannel = 0, NextOutgoingId = 0, IncomingWindow = 100, OutgoingWindow = 100 }.Write(ref w));
        Amqp10Attach attach = await ReadNextAsync(peer, Amqp10Descriptors.Attach, Amqp10Attach.Read).WaitAsync(Timeout);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await ReadNextAsync(peer, Amqp10Descriptors.End, Amqp10End.Read).WaitAsync(Timeout); // the half-made session is ended
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10End().Write(ref w));
        var timedOut = await Assert.ThrowsAsync<TimeoutException>(() => creating.WaitAsync(Timeout));
        Assert.Contains($"link '{attach.Name}'", timedOut.Message, StringComparison.Ordinal);
        Assert.Contains("handshake timeout of 00:00:01", timedOut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_at_most_once_sender_attaches_settled_and_sends_settled_without_waiting_for_an_outcome()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 10);
        var options = new Amqp10SenderOptions { Guarantee = Amqp10DeliveryGuarantee.AtMostOnce, Name = "fire-and-forget" };
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/q", options).AsTask().WaitAsync(Timeout);
        Amqp10Attach attach = await peerSide.WaitAsync(Timeout);
        Assert.Equal(Amqp10SenderSettleMode.Settled, attach.SenderSettleMode);
        Assert.Equal("fire-and-forget", attach.Name);

        Assert.Null(await sender.SendAsync(Text("one")).AsTask().WaitAsync(Timeout));
        (uint? id, bool? settled) = await ReadTransferAsync(peer).WaitAsync(Timeout);
        Assert.Equal(0u, id);
        Assert.True(settled);
    }

    [Fact]
    public async Task A_send_that_gets_no_credit_in_time_fails_with_a_timeout_saying_nothing_was_sent_and_the_sender_stays_usable()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 0);
        var options = new Amqp10SenderOptions { SendTimeout = TimeSpan.FromMilliseconds(300) };
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/slow", options).AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);

        TimeoutException error = await Assert.ThrowsAsync<TimeoutException>(() => sender.SendAsync(Text("late")).AsTask().WaitAsync(Timeout));
        Assert.Contains("'/queues/slow'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"amqp://127.0.0.1:{peer.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("was not sent", error.Message, StringComparison.Ordinal);

        // Nothing went out: the first transfer after the grant carries delivery id 0.
        Task<(uint? DeliveryId, bool? Settled)> next = ReadTransferAsync(peer);
        await GrantAsync(peer, 0, 3, nextIncomingId: 0, deliveryCount: 0, credit: 1);
        Task<Amqp10DeliveryState?> sending = sender.SendAsync(Text("now")).AsTask();
        Assert.Equal(0u, (await next.WaitAsync(Timeout)).DeliveryId);
        await SettleAsync(peer, 0, 0, Amqp10DeliveryState.Accepted);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sending.WaitAsync(Timeout))?.Kind);
    }

    [Fact]
    public async Task A_send_whose_outcome_does_not_come_in_time_fails_with_a_timeout_saying_it_was_sent()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 5);
        // Long enough that the peer's credit, granted right after its attach, is surely taken in first on a busy machine.
        var options = new Amqp10SenderOptions { SendTimeout = TimeSpan.FromSeconds(2) };
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/silent", options).AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);

        Task<TimeoutException> failing = Assert.ThrowsAsync<TimeoutException>(() => sender.SendAsync(Text("unanswered")).AsTask());
        Assert.Equal(0u, (await ReadTransferAsync(peer).WaitAsync(Timeout)).DeliveryId);
        TimeoutException error = await failing.WaitAsync(Timeout);
        Assert.Contains("was sent, but no outcome arrived", error.Message, StringComparison.Ordinal);
        Assert.Contains("'/queues/silent'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_send_timer_reused_after_answered_sends_still_gives_each_later_send_its_whole_timeout()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 10);
        // Timings a cold start's JIT (this test alone, first in its process) cannot upset: 400 ms once could be.
        var options = new Amqp10SenderOptions { SendTimeout = TimeSpan.FromSeconds(2) };
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/q", options).AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);

        // Answered sends, each within its timeout, leave their timer for the next one; together they take longer than one timeout.
        for (uint id = 0; id < 3; id++)
        {
            Task<Amqp10DeliveryState?> answered = sender.SendAsync(Text("answered")).AsTask();
            Assert.Equal(id, (await ReadTransferAsync(peer).WaitAsync(Timeout)).DeliveryId);
            await Task.Delay(800);
            await SettleAsync(peer, 0, id, Amqp10DeliveryState.Accepted);
            Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await answered.WaitAsync(Timeout))?.Kind);
        }

        // The next send's timeout counts from its own start: not cut short by the earlier sends' time, nor missing.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Task<TimeoutException> failing = Assert.ThrowsAsync<TimeoutException>(() => sender.SendAsync(Text("unanswered")).AsTask());
        Assert.Equal(3u, (await ReadTransferAsync(peer).WaitAsync(Timeout)).DeliveryId);
        TimeoutException error = await failing.WaitAsync(Timeout);
        Assert.Contains("was sent, but no outcome arrived", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(1900), TimeSpan.FromSeconds(8));

        // A timer that fired is not reused: the send after it gets its outcome.
        Task<Amqp10DeliveryState?> last = sender.SendAsync(Text("last")).AsTask();
        Assert.Equal(4u, (await ReadTransferAsync(peer).WaitAsync(Timeout)).DeliveryId);
        await SettleAsync(peer, 0, 4, Amqp10DeliveryState.Released);
        Assert.Equal(Amqp10DeliveryStateKind.Released, (await last.WaitAsync(Timeout))?.Kind);
    }

    [Fact]
    public async Task A_batch_is_written_before_any_outcome_and_returns_each_outcome_at_its_message_s_index()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 10);
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/q").AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);

        Task<IReadOnlyList<Amqp10DeliveryState?>> batch = sender.SendBatchAsync([Text("a"), Text("b"), Text("c")]).AsTask();
        for (uint id = 0; id < 3; id++) Assert.Equal(id, (await ReadTransferAsync(peer).WaitAsync(Timeout)).DeliveryId);
        Assert.False(batch.IsCompleted);

        // Settled in reverse order, with a different outcome each.
        await SettleAsync(peer, 0, 2, Amqp10DeliveryState.Released);
        await SettleAsync(peer, 0, 1, Amqp10DeliveryState.Rejected(new Amqp10Error(Amqp10Conditions.NotAllowed)));
        await SettleAsync(peer, 0, 0, Amqp10DeliveryState.Accepted);
        IReadOnlyList<Amqp10DeliveryState?> outcomes = await batch.WaitAsync(Timeout);
        Assert.Equal(
            [Amqp10DeliveryStateKind.Accepted, Amqp10DeliveryStateKind.Rejected, Amqp10DeliveryStateKind.Released],
            outcomes.Select(o => o!.Value.Kind));
        Assert.Equal(Amqp10Conditions.NotAllowed, outcomes[1]!.Value.Error!.Condition);
    }

    [Fact]
    public async Task Each_link_has_its_own_session_so_a_peer_ending_one_leaves_the_others_working()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> senderSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 3, credit: 10);
        await using Amqp10Sender sender = await client.CreateSenderAsync("/queues/q").AsTask().WaitAsync(Timeout);
        await senderSide.WaitAsync(Timeout);

        // RabbitMQ 4 refuses a receiver from a missing queue by ending its session with amqp:not-found.
        Task<Amqp10Receiver> creating = client.CreateReceiverAsync("/queues/missing").AsTask();
        Amqp10Begin begin = Read(await peer.ReadFrameAsync().WaitAsync(Timeout), Amqp10Begin.Read);
        Assert.Equal(Amqp10Session.IncomingWindowSize, begin.IncomingWindow);
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) =>
            new Amqp10Begin { RemoteChannel = 1, NextOutgoingId = 0, IncomingWindow = 100, OutgoingWindow = 100 }.Write(ref w), channel: 1);
        Assert.Equal(Amqp10Descriptors.Attach, Descriptor(await peer.ReadFrameAsync().WaitAsync(Timeout)));
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) =>
            new Amqp10End { Error = new Amqp10Error(Amqp10Conditions.NotFound, "no queue 'missing'") }.Write(ref w), channel: 1);
        Amqp10ClosedException refused = await Assert.ThrowsAsync<Amqp10ClosedException>(() => creating.WaitAsync(Timeout));
        Assert.Equal(Amqp10Conditions.NotFound, refused.Condition);

        Task<Amqp10DeliveryState?> sending = sender.SendAsync(Text("still fine")).AsTask();
        Assert.Equal(0u, (await ReadTransferAsync(peer).WaitAsync(Timeout)).DeliveryId); // the end's reply is skipped over too
        await SettleAsync(peer, 0, 0, Amqp10DeliveryState.Accepted);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sending.WaitAsync(Timeout))?.Kind);
        Assert.Null(client.Failure);
    }

    [Fact]
    public async Task Each_settlement_goes_out_as_its_disposition_and_a_delivery_is_settled_once_on_its_own_receiver()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 5);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("/queues/q", new Amqp10ReceiverOptions { Credit = 10 }).AsTask().WaitAsync(Timeout);
        Amqp10Attach attach = await peerSide.WaitAsync(Timeout);
        Assert.Equal(Amqp10SenderSettleMode.Unsettled, attach.SenderSettleMode);
        Assert.Equal("/queues/q", attach.Source!.Address);
        Amqp10Flow credit = Read(await peer.ReadFrameAsync().WaitAsync(Timeout), Amqp10Flow.Read);
        Assert.Equal(10u, credit.LinkCredit);

        for (uint id = 0; id < 4; id++) await SendMessageAsync(peer, 0, 5, id, Text($"m{id}"));
        Amqp10Delivery[] deliveries = new Amqp10Delivery[4];
        for (int i = 0; i < 4; i++) deliveries[i] = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(["m0", "m1", "m2", "m3"], deliveries.Select(d => d.Message.Value!.Value.AsText));

        await receiver.AcceptAsync(deliveries[0]);
        await receiver.RejectAsync(deliveries[1], new Amqp10Error(Amqp10Conditions.PreconditionFailed, "bad order"));
        await receiver.ReleaseAsync(deliveries[2]);
        await receiver.ModifyAsync(deliveries[3], deliveryFailed: true, undeliverableHere: true);
        Amqp10Disposition[] sent = new Amqp10Disposition[4];
        for (int i = 0; i < 4; i++) sent[i] = await ReadDispositionAsync(peer).WaitAsync(Timeout);
        Assert.All(sent, d => Assert.True(d.Settled));
        Assert.Equal([0u, 1u, 2u, 3u], sent.Select(d => d.First));
        Assert.Equal(
            [Amqp10DeliveryStateKind.Accepted, Amqp10DeliveryStateKind.Rejected, Amqp10DeliveryStateKind.Released, Amqp10DeliveryStateKind.Modified],
            sent.Select(d => d.State!.Value.Kind));
        Assert.Equal(new Amqp10Error(Amqp10Conditions.PreconditionFailed, "bad order"), sent[1].State!.Value.Error);
        Assert.True(sent[3].State!.Value.DeliveryFailed);
        Assert.True(sent[3].State!.Value.UndeliverableHere);

        await Assert.ThrowsAsync<InvalidOperationException>(() => receiver.AcceptAsync(deliveries[0]).AsTask());

        // A delivery id names a delivery on its own session only: another receiver refuses it.
        Task<Amqp10Attach> otherSide = AcceptLinkAsync(peer, channel: 1, peerHandle: 6);
        await using Amqp10Receiver other = await client.CreateReceiverAsync("/queues/other").AsTask().WaitAsync(Timeout);
        await otherSide.WaitAsync(Timeout);
        await SendMessageAsync(peer, 0, 5, 4, Text("m4"));
        Amqp10Delivery fifth = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        await Assert.ThrowsAsync<ArgumentException>(() => other.AcceptAsync(fifth).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => receiver.SettleAsync(fifth, Amqp10DeliveryState.Received(0, 0)).AsTask());
    }

    [Fact]
    public async Task An_at_most_once_receiver_asks_for_settled_deliveries_and_has_nothing_to_settle()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 5);
        var options = new Amqp10ReceiverOptions { Guarantee = Amqp10DeliveryGuarantee.AtMostOnce };
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("/queues/q", options).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10SenderSettleMode.Settled, (await peerSide.WaitAsync(Timeout)).SenderSettleMode);

        await SendMessageAsync(peer, 0, 5, 0, Text("settled"), settled: true);
        Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.True(delivery.Settled);
        await receiver.AcceptAsync(delivery); // nothing to send

        // The next frame the peer sees is the detach of the close, not a disposition.
        Task closing = receiver.CloseAsync().AsTask();
        byte[] next = await peer.ReadFrameAsync().WaitAsync(Timeout);
        while (Descriptor(next) == Amqp10Descriptors.Flow) next = await peer.ReadFrameAsync().WaitAsync(Timeout);
        Assert.Equal(Amqp10Descriptors.Detach, Descriptor(next));
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Detach { Handle = 5, Closed = true }.Write(ref w), channel: 0);
        Assert.Equal(Amqp10Descriptors.End, Descriptor(await peer.ReadFrameAsync().WaitAsync(Timeout)));
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10End().Write(ref w), channel: 0);
        await closing.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_consume_handler_s_outcome_settles_its_message_and_a_throwing_handler_ends_consuming_after_a_failed_modify()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 5);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("/queues/q").AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);

        var seen = new List<string>();
        Task consuming = receiver.ConsumeAsync((delivery, _) =>
        {
            string text = delivery.Message.Value!.Value.AsText;
            seen.Add(text);
            return text switch
            {
                "good" => ValueTask.FromResult(Amqp10DeliveryState.Accepted),
                "bad" => ValueTask.FromResult(Amqp10DeliveryState.Rejected(new Amqp10Error(Amqp10Conditions.DecodeError, "unreadable"))),
                _ => throw new InvalidOperationException("handler failed"),
            };
        }).AsTask();

        await SendMessageAsync(peer, 0, 5, 0, Text("good"));
        await SendMessageAsync(peer, 0, 5, 1, Text("bad"));
        await SendMessageAsync(peer, 0, 5, 2, Text("boom"));
        await SendMessageAsync(peer, 0, 5, 3, Text("never handled"));
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await ReadDispositionAsync(peer).WaitAsync(Timeout)).State!.Value.Kind);
        Amqp10Disposition rejected = await ReadDispositionAsync(peer).WaitAsync(Timeout);
        Assert.Equal(new Amqp10Error(Amqp10Conditions.DecodeError, "unreadable"), rejected.State!.Value.Error);
        Amqp10Disposition modified = await ReadDispositionAsync(peer).WaitAsync(Timeout);
        Assert.Equal((2u, Amqp10DeliveryStateKind.Modified, (bool?)true), (modified.First, modified.State!.Value.Kind, modified.State.Value.DeliveryFailed));

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => consuming.WaitAsync(Timeout));
        Assert.Equal("handler failed", error.Message);
        Assert.Equal(["good", "bad", "boom"], seen);
    }

    [Fact]
    public async Task Consuming_stops_quietly_when_its_token_is_cancelled()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 5);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("/queues/q").AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);

        using var stop = new CancellationTokenSource();
        int handled = 0;
        Task consuming = receiver.ConsumeAsync((_, _) =>
        {
            Interlocked.Increment(ref handled);
            return ValueTask.FromResult(Amqp10DeliveryState.Accepted);
        }, stop.Token).AsTask();
        await SendMessageAsync(peer, 0, 5, 0, Text("one"));
        await ReadDispositionAsync(peer).WaitAsync(Timeout);
        await stop.CancelAsync();
        await consuming.WaitAsync(Timeout); // completes, does not throw
        Assert.Equal(1, handled);
    }

    [Fact]
    public async Task Credit_comes_back_as_the_application_takes_messages_so_no_more_than_the_credit_queue_up()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 5);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("/queues/q", new Amqp10ReceiverOptions { Credit = 4 }).AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);
        Assert.Equal(4u, Read(await peer.ReadFrameAsync().WaitAsync(Timeout), Amqp10Flow.Read).LinkCredit);

        for (uint id = 0; id < 4; id++) await SendMessageAsync(peer, 0, 5, id, Text($"m{id}"));
        Task<byte[]?> next = peer.TryReadFrameAsync();
        await Task.Delay(300);
        Assert.False(next.IsCompleted, "credit was granted again for messages nobody took");

        Amqp10Delivery first = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        await Task.Delay(200);
        Assert.False(next.IsCompleted, "credit was granted again with three of four messages still queued");

        // Two taken: queued messages and credit are down to half the window, so credit for the two goes out.
        IReadOnlyList<Amqp10Delivery> more = await receiver.ReceiveBatchAsync(1, TimeSpan.FromSeconds(5)).AsTask().WaitAsync(Timeout);
        Amqp10Flow flow = Read((await next.WaitAsync(Timeout))!, Amqp10Flow.Read);
        Assert.Equal((4u, 2u), (flow.DeliveryCount!.Value, flow.LinkCredit!.Value));
        Assert.Equal(["m0", "m1"], new[] { first }.Concat(more).Select(d => d.Message.Value!.Value.AsText));
    }

    [Fact]
    public async Task Deliveries_beyond_the_credit_are_tolerated_up_to_one_window_and_refused_past_it()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer, Timeout);
        Task<Amqp10Attach> peerSide = AcceptLinkAsync(peer, channel: 0, peerHandle: 5);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("/queues/q", new Amqp10ReceiverOptions { Credit = 4 }).AsTask().WaitAsync(Timeout);
        await peerSide.WaitAsync(Timeout);

        // RabbitMQ 3.10's plugin oversends by credit it had unused; a window's worth beyond the grant is taken in.
        for (uint id = 0; id < 8; id++) await SendMessageAsync(peer, 0, 5, id, Text($"m{id}"));
        IReadOnlyList<Amqp10Delivery> eight = await receiver.ReceiveBatchAsync(8, TimeSpan.FromSeconds(5)).AsTask().WaitAsync(Timeout);
        Assert.Equal(8, eight.Count);

        // Taking them granted credit again (4, at delivery-count 8): four more fit, then another window beyond, not more.
        for (uint id = 8; id < 17; id++) await SendMessageAsync(peer, 0, 5, id, Text($"m{id}"));
        Amqp10Close close = await peer.ReadCloseAsync().WaitAsync(Timeout);
        Assert.Equal(Amqp10Conditions.TransferLimitExceeded, close.Error?.Condition);
        await client.Closed.WaitAsync(Timeout);
        Assert.IsType<Amqp10ProtocolException>(client.Failure);
    }
}
