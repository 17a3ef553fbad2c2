using System.Text;
using TypedAmqp.Amqp10;
using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Targets;

namespace TypedAmqp.Fuzzing.Seeds;

/// <summary>
/// The amqp10-connection target's seeds: what a peer sends once the client has a session, a sender with three
/// unsettled sends (delivery ids 0 to 2, on the peer's handle 0) and a receiver with credit 10 (the peer's handle 1).
/// Outcomes of every kind, deliveries whole and in pieces, flows with drain and echo, detaches, end and close, and the
/// state machine's mistakes: performatives out of order, unknown handles and channels, a transfer on a sending link;
/// and three times the receiver's credit at once (a violation unless the client's top-ups get there first). Some are cut into reads
/// of 1, 3 or 7 bytes, some end with the peer's close.
/// </summary>
internal static class Amqp10ConnectionSeeds
{
    private const ushort Channel = ScriptedAmqp10Peer.Channel;
    private const uint Receiving = ScriptedAmqp10Peer.ReceivingHandle;
    private const uint Sending = ScriptedAmqp10Peer.SendingHandle;

    public static IReadOnlyList<CorpusEntry> Create()
    {
        var streams = new List<(string Name, byte[] Stream)>
        {
            ("accept-all", new Amqp10Frames().Disposition(Channel, Settle(0, 2, Amqp10DeliveryState.Accepted)).ToArray()),
            ("every-outcome", new Amqp10Frames()
                .Disposition(Channel, Settle(0, null, Amqp10DeliveryState.Rejected(new Amqp10Error("amqp:precondition-failed", "queue 'work' is full"))))
                .Disposition(Channel, Settle(1, null, Amqp10DeliveryState.Released))
                .Disposition(Channel, Settle(2, null, Amqp10DeliveryState.Modified(true, true, Amqp10Value.Map(Amqp10Value.Symbol("x-reason"), Amqp10Value.String("poison")))))
                .ToArray()),
            ("outcome-unsettled", new Amqp10Frames()
                .Disposition(Channel, new Amqp10Disposition { Role = Amqp10Role.Receiver, First = 0, Last = 2, Settled = false, State = Amqp10DeliveryState.Accepted })
                .ToArray()),
            ("deliveries", Deliveries(new Amqp10Frames(), 0, 4).Disposition(Channel, Settle(0, 2, Amqp10DeliveryState.Accepted)).ToArray()),
            ("delivery-in-pieces", new Amqp10Frames()
                .TransferInPieces(Channel, Sending, 0, [0], Amqp10DecoderSeeds.FullMessage(), pieceSize: 100)
                .Disposition(Channel, Settle(0, 2, Amqp10DeliveryState.Accepted))
                .ToArray()),
            ("delivery-settled-and-value", new Amqp10Frames()
                .Transfer(Channel, Sending, 0, [0], new Amqp10Message { Value = Amqp10Value.List(Amqp10Value.Int(1), Amqp10Value.String("two")) }, settled: true)
                .Transfer(Channel, Sending, 1, [1], new Amqp10Message { Data = Array.Empty<byte>() })
                .ToArray()),
            ("flows", new Amqp10Frames()
                .Flow(Channel, LinkFlow(Receiving, deliveryCount: 3, credit: 50, echo: true))
                .Flow(Channel, LinkFlow(Receiving, deliveryCount: 3, credit: 50, drain: true))
                .Flow(Channel, new Amqp10Flow { NextIncomingId = 3, IncomingWindow = 0, NextOutgoingId = 0, OutgoingWindow = 1000 })
                .Flow(Channel, new Amqp10Flow { NextIncomingId = 3, IncomingWindow = 1000, NextOutgoingId = 0, OutgoingWindow = 1000 })
                .Disposition(Channel, Settle(0, 2, Amqp10DeliveryState.Accepted))
                .ToArray()),
            ("heartbeats", new Amqp10Frames().Empty().Disposition(Channel, Settle(0, 0, Amqp10DeliveryState.Accepted)).Empty().Empty().Disposition(Channel, Settle(1, 2, Amqp10DeliveryState.Accepted)).ToArray()),
            ("detach-sender-link", new Amqp10Frames()
                .Detach(Channel, new Amqp10Detach { Handle = Receiving, Closed = true, Error = new Amqp10Error("amqp:resource-deleted", "queue 'work' deleted") })
                .ToArray()),
            ("detach-receiver-link", Deliveries(new Amqp10Frames(), 0, 2)
                .Detach(Channel, new Amqp10Detach { Handle = Sending, Closed = true })
                .ToArray()),
            ("end-session", new Amqp10Frames().End(Channel, new Amqp10End { Error = new Amqp10Error("amqp:internal-error", "session crashed") }).ToArray()),
            ("close-with-error", new Amqp10Frames().Close(new Amqp10Close { Error = new Amqp10Error("amqp:connection:forced", "broker forced connection closure with reason 'shutdown'") }).ToArray()),
            ("deliveries-beyond-credit", Deliveries(new Amqp10Frames(), 0, 3 * (int)Amqp10ConnectionScenario.ReceiverCredit).ToArray()),
            ("unknown-handle", new Amqp10Frames().Transfer(Channel, 7, 0, [0], new Amqp10Message { Data = new byte[] { 1 } }).ToArray()),
            ("unknown-channel", new Amqp10Frames().Disposition(3, Settle(0, 2, Amqp10DeliveryState.Accepted)).ToArray()),
            ("transfer-on-sending-link", new Amqp10Frames().Transfer(Channel, Receiving, 0, [0], new Amqp10Message { Data = new byte[] { 1 } }).ToArray()),
            ("out-of-order", new Amqp10Frames()
                .Open(new Amqp10Open { ContainerId = "again" })
                .Begin(Channel, new Amqp10Begin { RemoteChannel = 0, NextOutgoingId = 0, IncomingWindow = 10, OutgoingWindow = 10 })
                .Attach(Channel, new Amqp10Attach { Name = "nobody-asked", Handle = 5, Role = Amqp10Role.Sender, InitialDeliveryCount = 0 })
                .ToArray()),
        };

        var seeds = new List<CorpusEntry>();
        foreach ((string name, byte[] stream) in streams) seeds.Add(new CorpusEntry($"{name}.bin", InputLayout.Create(0, stream)));

        // The same traffic once more, ended by the peer's close: the client must still be in step to take it.
        foreach (string name in new[] { "accept-all", "deliveries", "delivery-in-pieces", "flows" })
        {
            byte[] stream = streams.First(s => s.Name == name).Stream;
            seeds.Add(new CorpusEntry($"{name}-then-close.bin", InputLayout.Create(InputLayout.EndWithCloseFlag, stream)));
        }

        byte[] busy = Deliveries(new Amqp10Frames(), 0, 2)
            .Disposition(Channel, Settle(0, null, Amqp10DeliveryState.Accepted))
            .Empty()
            .Flow(Channel, LinkFlow(Receiving, deliveryCount: 3, credit: 10))
            .TransferInPieces(Channel, Sending, 2, [2], new Amqp10Message { Data = Encoding.UTF8.GetBytes("{\"Number\":3}") }, pieceSize: 7)
            .Disposition(Channel, Settle(1, 2, Amqp10DeliveryState.Released))
            .ToArray();
        foreach (byte readSize in new byte[] { 1, 3, 7 }) seeds.Add(new CorpusEntry($"busy-session-read-{readSize}.bin", InputLayout.Create((byte)(readSize | InputLayout.EndWithCloseFlag), busy)));
        return seeds;
    }

    private static Amqp10Disposition Settle(uint first, uint? last, Amqp10DeliveryState outcome) =>
        new() { Role = Amqp10Role.Receiver, First = first, Last = last, Settled = true, State = outcome };

    private static Amqp10Flow LinkFlow(uint handle, uint deliveryCount, uint credit, bool drain = false, bool echo = false) => new()
    {
        NextIncomingId = 3, IncomingWindow = 1000, NextOutgoingId = 0, OutgoingWindow = 1000,
        Handle = handle, DeliveryCount = deliveryCount, LinkCredit = credit, Drain = drain, Echo = echo,
    };

    /// <summary><paramref name="count"/> unsettled deliveries to the client's receiver, ids from <paramref name="firstId"/>.</summary>
    private static Amqp10Frames Deliveries(Amqp10Frames frames, uint firstId, int count)
    {
        for (uint id = firstId; id < firstId + count; id++)
        {
            var message = new Amqp10Message
            {
                Properties = new Amqp10Properties { MessageId = Amqp10Value.ULong(id), Subject = "order.created" },
                ApplicationProperties = new Dictionary<string, Amqp10Value> { ["n"] = Amqp10Value.Long(id) },
                Data = Encoding.UTF8.GetBytes($"{{\"Number\":{id}}}"),
            };
            frames.Transfer(Channel, Sending, id, BitConverter.GetBytes(id), message);
        }

        return frames;
    }
}
