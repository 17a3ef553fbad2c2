using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Connection;

/// <summary>
/// A sender waits for the peer's session window between the frames of a delivery, and for link credit before a
/// delivery: against a scripted receiver that grants little of either. (RabbitMQ and Proton grant more than the
/// broker tests use, so these paths are proven here.)
/// </summary>
public sealed class Amqp10FlowControlTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static ulong Descriptor(byte[] body) => new Amqp10Reader(body).ReadDescriptorCode();

    /// <summary>Answers begin with <paramref name="window"/> and the sender's attach, then grants <paramref name="credit"/>.</summary>
    /// <summary>Connects to the peer, begins a session and attaches a sender to <c>/queues/q</c>, which the peer answers with <paramref name="window"/> and <paramref name="credit"/>.</summary>
    private static async Task<(Amqp10Connection Connection, Amqp10SenderLink Sender)> ConnectSenderAsync(ScriptedAmqp10Peer peer, uint window, uint credit)
    {
        Task accepted = peer.AcceptAsync();
        Amqp10Connection connection = await Amqp10Connection.ConnectAsync(peer.ClientOptions()).WaitAsync(Timeout);
        await accepted;
        Task<Amqp10Session> beginning = connection.BeginSessionAsync();
        Task peerSide = AcceptSenderAsync(peer, window, credit);
        Amqp10Session session = await beginning.WaitAsync(Timeout);
        Task<Amqp10SenderLink> attaching = session.AttachSenderAsync("sender", "/queues/q");
        await peerSide.WaitAsync(Timeout);
        return (connection, await attaching.WaitAsync(Timeout));
    }

    private static async Task AcceptSenderAsync(ScriptedAmqp10Peer peer, uint window, uint credit)
    {
        Assert.Equal(Amqp10Descriptors.Begin, Descriptor(await peer.ReadFrameAsync()));
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) =>
            new Amqp10Begin { RemoteChannel = 0, NextOutgoingId = 0, IncomingWindow = window, OutgoingWindow = 100 }.Write(ref w));
        byte[] attachBody = await peer.ReadFrameAsync();
        var reader = new Amqp10Reader(attachBody);
        Amqp10Attach attach = Amqp10Attach.Read(ref reader);
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Attach
        {
            Name = attach.Name, Handle = 7, Role = Amqp10Role.Receiver, Source = new Amqp10Source(), Target = attach.Target,
        }.Write(ref w));
        await GrantAsync(peer, nextIncomingId: 0, window, deliveryCount: 0, credit);
    }

    private static Task GrantAsync(ScriptedAmqp10Peer peer, uint nextIncomingId, uint window, uint deliveryCount, uint credit) =>
        peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Flow
        {
            NextIncomingId = nextIncomingId, IncomingWindow = window, NextOutgoingId = 0, OutgoingWindow = 100,
            Handle = 7, DeliveryCount = deliveryCount, LinkCredit = credit,
        }.Write(ref w));

    private static Task AcceptAsync(ScriptedAmqp10Peer peer, uint deliveryId) =>
        peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Disposition
        {
            Role = Amqp10Role.Receiver, First = deliveryId, Settled = true, State = Amqp10DeliveryState.Accepted,
        }.Write(ref w));

    private static (uint? DeliveryId, bool More, int Payload) ReadTransfer(byte[] body)
    {
        var reader = new Amqp10Reader(body);
        Amqp10Transfer transfer = Amqp10Transfer.Read(ref reader);
        Assert.Equal(0u, transfer.Handle); // our handle for the link; the peer names it 7
        return (transfer.DeliveryId, transfer.More == true, body.Length - (int)reader.Offset);
    }

    [Fact]
    public async Task A_delivery_larger_than_the_peer_s_window_waits_for_its_flow_between_frames()
    {
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, Amqp10SenderLink sender) = await ConnectSenderAsync(peer, window: 2, credit: 5);
        await using Amqp10Connection owner = connection;

        // 10 KB in 4 KiB frames: three transfers, but the window admits two.
        Task<Amqp10DeliveryState?> sending = sender.SendAsync(new Amqp10Message { Data = new byte[10_000] }).AsTask();
        (uint? id, bool more, int first) = ReadTransfer(await peer.ReadFrameAsync().WaitAsync(Timeout));
        Assert.Equal(0u, id);
        Assert.True(more);
        Assert.True(ReadTransfer(await peer.ReadFrameAsync().WaitAsync(Timeout)).More);
        Task<byte[]?> third = peer.TryReadFrameAsync();
        await Task.Delay(300);
        Assert.False(third.IsCompleted, "a third transfer went out beyond the peer's incoming window of 2");

        await GrantAsync(peer, nextIncomingId: 2, window: 10, deliveryCount: 0, credit: 5);
        (uint? lastId, bool lastMore, int lastPayload) = ReadTransfer((await third.WaitAsync(Timeout))!);
        Assert.Null(lastId);
        Assert.False(lastMore);
        Assert.True(first + lastPayload < 10_100);
        Assert.False(sending.IsCompleted);
        await AcceptAsync(peer, 0);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sending.WaitAsync(Timeout))?.Kind);
    }

    [Fact]
    public async Task A_burst_of_settled_sends_disposed_of_at_once_reaches_the_peer_whole()
    {
        // Settled sends complete once written to the output; a burst's last frames wait for a scheduled flush, and a
        // dispose that comes first must send them before the socket goes.
        const int Sends = 300;
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, Amqp10SenderLink sender) = await ConnectSenderAsync(peer, window: 10_000, credit: 10_000);

        var message = new Amqp10Message { Data = new byte[32] };
        for (int i = 0; i < Sends; i++) await sender.SendSettledAsync(message);
        await connection.DisposeAsync();

        int transfers = 0;
        while (await peer.TryReadFrameAsync().WaitAsync(Timeout) is { } frame)
        {
            if (new Amqp10Reader(frame).ReadDescriptorCode() == Amqp10Descriptors.Transfer) transfers++;
        }

        Assert.Equal(Sends, transfers);
    }

    [Fact]
    public async Task A_send_without_credit_waits_for_the_peer_to_grant_more()
    {
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, Amqp10SenderLink sender) = await ConnectSenderAsync(peer, window: 100, credit: 1);
        await using Amqp10Connection owner = connection;

        Task first = sender.SendSettledAsync(new Amqp10Message { Value = Amqp10Value.String("one") }).AsTask();
        Assert.Equal(0u, ReadTransfer(await peer.ReadFrameAsync().WaitAsync(Timeout)).DeliveryId);
        await first.WaitAsync(Timeout);

        Task second = sender.SendSettledAsync(new Amqp10Message { Value = Amqp10Value.String("two") }).AsTask();
        Task<byte[]?> next = peer.TryReadFrameAsync();
        await Task.Delay(300);
        Assert.False(next.IsCompleted, "a delivery went out without credit");
        Assert.False(second.IsCompleted);

        // The peer has counted one delivery and grants one more.
        await GrantAsync(peer, nextIncomingId: 1, window: 100, deliveryCount: 1, credit: 1);
        Assert.Equal(1u, ReadTransfer((await next.WaitAsync(Timeout))!).DeliveryId);
        await second.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Cancelling_a_send_that_waits_for_credit_sends_nothing_and_leaves_the_link_usable()
    {
        await using var peer = new ScriptedAmqp10Peer();
        (Amqp10Connection connection, Amqp10SenderLink sender) = await ConnectSenderAsync(peer, window: 100, credit: 0);
        await using Amqp10Connection owner = connection;

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(new Amqp10Message { Data = new byte[1] }, cancel.Token).AsTask());
        Task<byte[]?> next = peer.TryReadFrameAsync();
        await GrantAsync(peer, nextIncomingId: 0, window: 100, deliveryCount: 0, credit: 1);
        Task<Amqp10DeliveryState?> sending = sender.SendAsync(new Amqp10Message { Data = new byte[1] }).AsTask();
        Assert.Equal(0u, ReadTransfer((await next.WaitAsync(Timeout))!).DeliveryId);
        await AcceptAsync(peer, 0);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sending.WaitAsync(Timeout))?.Kind);
    }
}
