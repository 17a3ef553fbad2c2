using TypedAmqp.Buffers;
using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Amqp10.Connection;

namespace TypedAmqp.Tests.Amqp10.Client;

/// <summary>The scripted peer's side of sessions and links for the public API's tests: begin, attach, credit, dispositions, transfers.</summary>
internal static class ScriptedLinks
{
    public static ulong Descriptor(byte[] body) => new Amqp10Reader(body).ReadDescriptorCode();

    public static T Read<T>(byte[] body, ReadBody<T> read)
    {
        var reader = new Amqp10Reader(body);
        return read(ref reader);
    }

    public delegate T ReadBody<T>(ref Amqp10Reader reader);

    /// <summary>Connects an <see cref="Amqp10Client"/> to the peer, which answers SASL and open.</summary>
    public static async Task<Amqp10Client> ConnectAsync(ScriptedAmqp10Peer peer, TimeSpan timeout, Amqp10ConnectionOptions? options = null)
    {
        Task accepted = peer.AcceptAsync();
        Amqp10Client client = await Amqp10Client.ConnectAsync(options ?? peer.ClientOptions()).AsTask().WaitAsync(timeout);
        await accepted.WaitAsync(timeout);
        return client;
    }

    /// <summary>
    /// Creates an at-most-once sender to <c>/queues/sink</c> on channel 0, handle 0, with a session window the tests
    /// never use up and <paramref name="credit"/>, so the peer need not answer anything while it is used.
    /// </summary>
    public static async Task<Amqp10Sender> SettledSenderAsync(ScriptedAmqp10Peer peer, Amqp10Client client, uint credit, TimeSpan timeout)
    {
        Task<Amqp10Attach> attaching = AcceptLinkAsync(peer, channel: 0, peerHandle: 0, window: uint.MaxValue);
        Amqp10Sender sender = await client.CreateSenderAsync("/queues/sink", new Amqp10SenderOptions { Guarantee = Amqp10DeliveryGuarantee.AtMostOnce }).AsTask().WaitAsync(timeout);
        await attaching.WaitAsync(timeout);
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Flow
        {
            NextIncomingId = 0, IncomingWindow = uint.MaxValue, NextOutgoingId = 0, OutgoingWindow = 100,
            Handle = 0, DeliveryCount = 0, LinkCredit = credit,
        }.Write(ref w));
        return sender;
    }

    /// <summary>
    /// Answers the begin on <paramref name="channel"/> (the peer answers on the same number) and the attach after it;
    /// a receiver's attach (a sending link) is granted <paramref name="credit"/>. Returns the client's attach.
    /// </summary>
    public static async Task<Amqp10Attach> AcceptLinkAsync(
        ScriptedAmqp10Peer peer, ushort channel, uint peerHandle, uint credit = 0, uint window = 100,
        ulong? maxMessageSize = null, Amqp10ReceiverSettleMode? receiverSettleMode = null)
    {
        Amqp10Begin begin = Read(await peer.ReadFrameAsync(), Amqp10Begin.Read);
        Assert.Equal(Amqp10Session.IncomingWindowSize, begin.IncomingWindow);
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) =>
            new Amqp10Begin { RemoteChannel = channel, NextOutgoingId = 0, IncomingWindow = window, OutgoingWindow = 100 }.Write(ref w), channel);
        Amqp10Attach attach = Read(await peer.ReadFrameAsync(), Amqp10Attach.Read);
        bool clientSends = attach.Role == Amqp10Role.Sender;
        await peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Attach
        {
            Name = attach.Name,
            Handle = peerHandle,
            Role = clientSends ? Amqp10Role.Receiver : Amqp10Role.Sender,
            SenderSettleMode = attach.SenderSettleMode,
            Source = attach.Source ?? new Amqp10Source(),
            Target = attach.Target ?? new Amqp10Target(),
            InitialDeliveryCount = clientSends ? null : 0,
            MaxMessageSize = maxMessageSize,
            ReceiverSettleMode = receiverSettleMode,
        }.Write(ref w), channel);
        if (clientSends && credit > 0) await GrantAsync(peer, channel, peerHandle, nextIncomingId: 0, deliveryCount: 0, credit);
        return attach;
    }

    public static Task GrantAsync(ScriptedAmqp10Peer peer, ushort channel, uint peerHandle, uint nextIncomingId, uint deliveryCount, uint credit) =>
        peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Flow
        {
            NextIncomingId = nextIncomingId, IncomingWindow = 100, NextOutgoingId = 0, OutgoingWindow = 100,
            Handle = peerHandle, DeliveryCount = deliveryCount, LinkCredit = credit,
        }.Write(ref w), channel);

    /// <summary>Settles the client's delivery <paramref name="deliveryId"/> with <paramref name="state"/>, as a receiver.</summary>
    public static Task SettleAsync(ScriptedAmqp10Peer peer, ushort channel, uint deliveryId, Amqp10DeliveryState state) =>
        peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Disposition
        {
            Role = Amqp10Role.Receiver, First = deliveryId, Settled = true, State = state,
        }.Write(ref w), channel);

    /// <summary>Sends <paramref name="message"/> to the client's receiver as one transfer frame.</summary>
    public static async Task SendMessageAsync(ScriptedAmqp10Peer peer, ushort channel, uint peerHandle, uint deliveryId, Amqp10Message message, bool settled = false)
    {
        using Amqp10EncodedMessage encoded = Amqp10EncodedMessage.Encode(message, new SpareBuffers());
        var frame = new byte[4096];
        var writer = new Amqp10Writer(frame.AsSpan(8));
        new Amqp10Transfer
        {
            Handle = peerHandle, DeliveryId = deliveryId, HasDeliveryTag = true, DeliveryTag = BitConverter.GetBytes(deliveryId),
            MessageFormat = 0, Settled = settled,
        }.Write(ref writer);
        int size = 8 + writer.Written;
        encoded.Memory.Span.CopyTo(frame.AsSpan(size));
        size += encoded.Memory.Length;
        Amqp10FrameHeader.Write(frame, (uint)size, Amqp10FrameType.Amqp, channel);
        await peer.SendAsync(frame[..size]);
    }

    /// <summary>Reads the next frame, which must be a <paramref name="descriptor"/> performative, and decodes it.</summary>
    public static async Task<T> ReadNextAsync<T>(ScriptedAmqp10Peer peer, ulong descriptor, ReadBody<T> read)
    {
        byte[] body = await peer.ReadFrameAsync();
        Assert.Equal(Amqp10Descriptors.NameOf(descriptor), Amqp10Descriptors.NameOf(Descriptor(body)));
        return Read(body, read);
    }

    /// <summary>Sends a flow for the peer's link <paramref name="peerHandle"/>: its delivery-count and credit, and drain when set.</summary>
    public static Task LinkFlowAsync(ScriptedAmqp10Peer peer, ushort channel, uint peerHandle, uint nextOutgoingId, uint deliveryCount, uint credit, bool? drain = null) =>
        peer.SendFrameAsync(Amqp10FrameType.Amqp, (ref Amqp10Writer w) => new Amqp10Flow
        {
            NextIncomingId = 0, IncomingWindow = 100, NextOutgoingId = nextOutgoingId, OutgoingWindow = 100,
            Handle = peerHandle, DeliveryCount = deliveryCount, LinkCredit = credit, Drain = drain,
        }.Write(ref w), channel);

    /// <summary>Reads frames until the next disposition, skipping flows (credit top-ups).</summary>
    public static async Task<Amqp10Disposition> ReadDispositionAsync(ScriptedAmqp10Peer peer)
    {
        while (true)
        {
            byte[] body = await peer.ReadFrameAsync();
            if (Descriptor(body) == Amqp10Descriptors.Disposition) return Read(body, Amqp10Disposition.Read);
        }
    }

    /// <summary>Reads frames until the next transfer, skipping flows; returns its delivery id and settled flag.</summary>
    public static async Task<(uint? DeliveryId, bool? Settled)> ReadTransferAsync(ScriptedAmqp10Peer peer)
    {
        while (true)
        {
            byte[] body = await peer.ReadFrameAsync();
            if (Descriptor(body) != Amqp10Descriptors.Transfer) continue;
            var reader = new Amqp10Reader(body);
            Amqp10Transfer transfer = Amqp10Transfer.Read(ref reader);
            return (transfer.DeliveryId, transfer.Settled);
        }
    }
}
