using System.Net.Sockets;
using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Amqp10.Connection;

namespace TypedAmqp.Tests.Amqp10.Client;

/// <summary>
/// The public client's reconnect against the scripted peer, frame by frame: what it attaches on the new connection,
/// where a send made meanwhile goes, and a link the peer refuses on the new connection.
/// </summary>
public sealed class Amqp10ReconnectTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly Amqp10ReconnectOptions Quick = new() { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) };

    private static async Task<Amqp10Client> ConnectAsync(ScriptedAmqp10Peer peer)
    {
        Task accepted = peer.AcceptAsync();
        Amqp10Client client = await Amqp10Client.ConnectAsync(peer.ClientOptions(reconnect: Quick)).AsTask().WaitAsync(Timeout);
        await accepted.WaitAsync(Timeout);
        return client;
    }

    [Fact]
    public async Task A_lost_sender_is_attached_again_as_it_was_and_a_send_made_while_lost_goes_out_on_the_new_link()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer);
        Task<Amqp10Attach> attaching = ScriptedLinks.AcceptLinkAsync(peer, channel: 0, peerHandle: 0, credit: 10);
        Amqp10Sender sender = await client.CreateSenderAsync("/queues/orders", new Amqp10SenderOptions { Name = "orders-out" }).AsTask().WaitAsync(Timeout);
        Amqp10Attach first = await attaching.WaitAsync(Timeout);
        string containerId = peer.ClientOpen!.ContainerId;

        await peer.DropConnectionAsync();
        Task reconnected = peer.AcceptAsync();
        Task<Amqp10DeliveryState?> send = sender.SendAsync(new Amqp10Message { Data = "while lost"u8.ToArray() }).AsTask();
        await reconnected.WaitAsync(Timeout);
        Assert.Equal(containerId, peer.ClientOpen!.ContainerId); // a durable terminus belongs to the container id and link name
        Amqp10Attach second = await ScriptedLinks.AcceptLinkAsync(peer, channel: 0, peerHandle: 0, credit: 10).WaitAsync(Timeout);

        Assert.Equal("orders-out", second.Name);
        Assert.Equal(first.Name, second.Name);
        Assert.Equal("/queues/orders", second.Target!.Address);
        Assert.Equal(first.SenderSettleMode, second.SenderSettleMode);
        Assert.False(send.IsCompleted);
        (uint? deliveryId, bool? settled) = await ScriptedLinks.ReadTransferAsync(peer).WaitAsync(Timeout);
        Assert.NotEqual(true, settled);
        await ScriptedLinks.SettleAsync(peer, 0, deliveryId!.Value, Amqp10DeliveryState.Accepted);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await send.WaitAsync(Timeout))?.Kind);
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); client.State != Amqp10ClientState.Connected && clock.Elapsed < Timeout;) await Task.Delay(10);
        Assert.Equal(Amqp10ClientState.Connected, client.State);
        await peer.DisposeAsync(); // the client's close then needs no answer
    }

    [Fact]
    public async Task A_link_the_peer_refuses_on_the_new_connection_fails_alone_with_the_peer_s_error_and_the_other_carries_on()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer);
        Task<Amqp10Attach> attaching = ScriptedLinks.AcceptLinkAsync(peer, channel: 0, peerHandle: 0, credit: 10);
        Amqp10Sender kept = await client.CreateSenderAsync("/queues/kept").AsTask().WaitAsync(Timeout);
        await attaching.WaitAsync(Timeout);
        attaching = ScriptedLinks.AcceptLinkAsync(peer, channel: 1, peerHandle: 1, credit: 10);
        Amqp10Sender refused = await client.CreateSenderAsync("/queues/deleted").AsTask().WaitAsync(Timeout);
        await attaching.WaitAsync(Timeout);

        await peer.DropConnectionAsync();
        await peer.AcceptAsync().WaitAsync(Timeout);
        await ScriptedLinks.AcceptLinkAsync(peer, channel: 0, peerHandle: 0, credit: 10).WaitAsync(Timeout);
        await RefuseLinkAsync(peer, channel: 1, new Amqp10Error(Amqp10Conditions.NotFound, "no queue 'deleted'"));

        var error = await Assert.ThrowsAsync<Amqp10ClosedException>(() => refused.SendAsync(new Amqp10Message { Data = "x"u8.ToArray() }).AsTask().WaitAsync(Timeout));
        Assert.Equal(Amqp10Conditions.NotFound, error.Condition);
        Task<Amqp10DeliveryState?> send = kept.SendAsync(new Amqp10Message { Data = "y"u8.ToArray() }).AsTask();
        (uint? deliveryId, _) = await ScriptedLinks.ReadTransferAsync(peer).WaitAsync(Timeout);
        await ScriptedLinks.SettleAsync(peer, 0, deliveryId!.Value, Amqp10DeliveryState.Accepted);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await send.WaitAsync(Timeout))?.Kind);
        Assert.Equal(Amqp10ClientState.Connected, client.State);
        await peer.DisposeAsync();
    }

    [Fact]
    public async Task A_manual_credit_receiver_attached_again_is_granted_what_the_lost_link_still_owed()
    {
        await using var peer = new ScriptedAmqp10Peer();
        await using Amqp10Client client = await ConnectAsync(peer);
        Task<Amqp10Attach> attaching = ScriptedLinks.AcceptLinkAsync(peer, channel: 0, peerHandle: 5);
        Amqp10Receiver receiver = await client.CreateReceiverAsync("/queues/q", new Amqp10ReceiverOptions { AutomaticCredit = false, Credit = 5 }).AsTask().WaitAsync(Timeout);
        await attaching.WaitAsync(Timeout);
        Assert.Equal(5u, (await ScriptedLinks.ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout)).LinkCredit);

        // Two arrive; the application takes one and does not settle it; the other waits in the receiver.
        await ScriptedLinks.SendMessageAsync(peer, 0, 5, deliveryId: 0, new Amqp10Message { Value = Amqp10Value.String("taken") });
        await ScriptedLinks.SendMessageAsync(peer, 0, 5, deliveryId: 1, new Amqp10Message { Value = Amqp10Value.String("queued") });
        Amqp10Delivery taken = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); receiver.Credit != 3 && clock.Elapsed < Timeout;) await Task.Delay(10);

        await peer.DropConnectionAsync();
        await peer.AcceptAsync().WaitAsync(Timeout);
        await ScriptedLinks.AcceptLinkAsync(peer, channel: 0, peerHandle: 5).WaitAsync(Timeout);
        // 3 unused, plus the two the peer delivers again: the settlement of one and the other were lost with the link.
        Amqp10Flow regranted = await ScriptedLinks.ReadNextAsync(peer, Amqp10Descriptors.Flow, Amqp10Flow.Read).WaitAsync(Timeout);
        Assert.Equal(5u, regranted.LinkCredit);

        await ScriptedLinks.SendMessageAsync(peer, 0, 5, deliveryId: 0, new Amqp10Message { Value = Amqp10Value.String("taken") });
        Amqp10Delivery again = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout); // "queued" of the lost link was dropped
        Assert.Equal(Amqp10Value.String("taken"), again.Message.Value);
        await Assert.ThrowsAsync<Amqp10ClosedException>(() => receiver.AcceptAsync(taken).AsTask().WaitAsync(Timeout));
        await receiver.AcceptAsync(again).AsTask().WaitAsync(Timeout);
        Amqp10Disposition accepted = await ScriptedLinks.ReadDispositionAsync(peer).WaitAsync(Timeout);
        Assert.Equal((0u, Amqp10DeliveryStateKind.Accepted), (accepted.First, accepted.State?.Kind));
        await peer.DisposeAsync();
    }

    [Fact]
    public async Task A_peer_that_drops_every_connection_after_opening_it_meets_the_back_off_and_the_client_gives_up()
    {
        await using var peer = new ScriptedAmqp10Peer();
        var reconnect = new Amqp10ReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), MaxAttempts = 3 };
        Task accepted = peer.AcceptAsync();
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(peer.ClientOptions(reconnect: reconnect)).AsTask().WaitAsync(Timeout);
        await accepted.WaitAsync(Timeout);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        int reconnections = 0;
        Task dropping = Task.Run(async () =>
        {
            while (true)
            {
                await peer.DropConnectionAsync();
                try
                {
                    await peer.AcceptAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException or IOException)
                {
                    return; // disposed at the end of the test
                }

                Interlocked.Increment(ref reconnections);
            }
        });

        await client.Closed.WaitAsync(Timeout);
        // Opened and dropped at once, every time: the attempts did not start over at each open, so the client made its
        // three, with the back-off between them (at least 50 ms then 100 ms, jittered down from 100 and 200), and stopped.
        Assert.Equal(3, Volatile.Read(ref reconnections));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(150), $"three attempts took only {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains("gave up after 3 attempts", client.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(Amqp10ClientState.Closed, client.State);
        await peer.DisposeAsync();
        await dropping.WaitAsync(Timeout);
    }

    /// <summary>Answers a begin, then refuses the attach after it as a broker does: an attach without a target, then a detach with the error.</summary>
    private static async Task RefuseLinkAsync(ScriptedAmqp10Peer peer, ushort channel, Amqp10Error error)
    {
        await ScriptedLinks.ReadNextAsync(peer, Amqp10Descriptors.Begin, Amqp10Begin.Read);
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) =>
            new Amqp10Begin { RemoteChannel = channel, NextOutgoingId = 0, IncomingWindow = 100, OutgoingWindow = 100 }.Write(ref w), channel);
        Amqp10Attach attach = await ScriptedLinks.ReadNextAsync(peer, Amqp10Descriptors.Attach, Amqp10Attach.Read);
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Attach
        {
            Name = attach.Name, Handle = 7, Role = Amqp10Role.Receiver, Source = attach.Source, Target = null,
        }.Write(ref w), channel);
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Detach { Handle = 7, Closed = true, Error = error }.Write(ref w), channel);
    }
}
