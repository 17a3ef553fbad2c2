using System.Text;
using TypedAmqp.Amqp10;
using TypedAmqp.Fuzzing.Engine;

namespace TypedAmqp.Fuzzing.Seeds;

/// <summary>
/// The AMQP 1.0 decoder's seeds: what a broker sends a client (SASL, open, begin, attach with source and target,
/// flow, deliveries with every message section, dispositions with each outcome, detach, end, close), whole and cut
/// into reads of 1, 3 and 7 bytes.
/// </summary>
internal static class Amqp10DecoderSeeds
{
    public static IReadOnlyList<CorpusEntry> Create()
    {
        var streams = new List<(string Name, byte[] Stream)>
        {
            ("sasl-and-open", new Amqp10Frames()
                .Sasl(new Amqp10SaslMechanisms { Mechanisms = ["PLAIN", "ANONYMOUS", "AMQPLAIN"] })
                .Sasl(new Amqp10SaslOutcome { Code = Amqp10SaslCode.Ok })
                .Open(new Amqp10Open
                {
                    ContainerId = "rabbit@node", Hostname = "vhost:/", MaxFrameSize = 65536, ChannelMax = 63, IdleTimeOut = 30000,
                    OfferedCapabilities = ["ANONYMOUS-RELAY"], Properties = Map(("product", Amqp10Value.String("RabbitMQ")), ("version", Amqp10Value.String("4.0.5"))),
                })
                .ToArray()),
            ("session-and-links", new Amqp10Frames()
                .Begin(0, new Amqp10Begin { RemoteChannel = 0, NextOutgoingId = 0, IncomingWindow = 400, OutgoingWindow = 4294967295, HandleMax = 255 })
                .Attach(0, new Amqp10Attach
                {
                    Name = "receiver-1", Handle = 0, Role = Amqp10Role.Sender, SenderSettleMode = Amqp10SenderSettleMode.Unsettled,
                    Source = new Amqp10Source
                    {
                        Address = "/queues/work", Durable = 1, ExpiryPolicy = "never", DistributionMode = "move",
                        Filter = Map(("sql", Amqp10Value.Described(Amqp10Value.Symbol("apache.org:selector-filter:string"), Amqp10Value.String("color = 'red'")))),
                        DefaultOutcome = Amqp10DeliveryState.Released, Outcomes = ["amqp:accepted:list", "amqp:released:list"],
                    },
                    Target = new Amqp10Target { Address = "/queues/work" },
                    InitialDeliveryCount = 0,
                })
                .Flow(0, new Amqp10Flow { NextIncomingId = 0, IncomingWindow = 400, NextOutgoingId = 0, OutgoingWindow = 400, Handle = 0, DeliveryCount = 0, LinkCredit = 100, Drain = false })
                .ToArray()),
            ("delivery-every-section", new Amqp10Frames().Transfer(0, 0, 0, [1, 0, 0, 0], FullMessage()).ToArray()),
            ("delivery-value-body", new Amqp10Frames().Transfer(0, 0, 1, [2], new Amqp10Message { Value = Amqp10Value.List(Amqp10Value.Int(1), Amqp10Value.String("two"), Amqp10Value.Null) }, settled: true).ToArray()),
            ("dispositions", new Amqp10Frames()
                .Disposition(0, new Amqp10Disposition { Role = Amqp10Role.Receiver, First = 0, Last = 3, Settled = true, State = Amqp10DeliveryState.Accepted })
                .Disposition(0, new Amqp10Disposition { Role = Amqp10Role.Receiver, First = 4, Settled = true, State = Amqp10DeliveryState.Rejected(new Amqp10Error("amqp:not-found", "no queue 'x'")) })
                .Disposition(0, new Amqp10Disposition { Role = Amqp10Role.Receiver, First = 5, Settled = true, State = Amqp10DeliveryState.Released })
                .Disposition(0, new Amqp10Disposition { Role = Amqp10Role.Receiver, First = 6, Settled = true, State = Amqp10DeliveryState.Modified(true, false, Map(("x-reason", Amqp10Value.String("poison")))) })
                .ToArray()),
            ("detach-end-close", new Amqp10Frames()
                .Detach(0, new Amqp10Detach { Handle = 0, Closed = true, Error = new Amqp10Error("amqp:resource-deleted", "queue 'work' deleted") })
                .End(0, new Amqp10End { Error = new Amqp10Error("amqp:internal-error") })
                .Empty()
                .Close(new Amqp10Close { Error = new Amqp10Error("amqp:connection:forced", "broker forced connection closure with reason 'shutdown'") })
                .ToArray()),
        };

        var seeds = new List<CorpusEntry>();
        foreach ((string name, byte[] stream) in streams) seeds.Add(new CorpusEntry($"{name}.bin", InputLayout.Create(0, stream)));

        // A busy link: deliveries, flows and dispositions back to back, cut at every byte and at odd sizes.
        byte[] busy = new Amqp10Frames()
            .Transfer(0, 0, 10, [10], FullMessage())
            .Flow(0, new Amqp10Flow { NextIncomingId = 11, IncomingWindow = 400, NextOutgoingId = 0, OutgoingWindow = 400, Handle = 0, DeliveryCount = 11, LinkCredit = 99 })
            .Empty()
            .Transfer(0, 0, 11, [11], new Amqp10Message { Data = Encoding.UTF8.GetBytes("{\"Number\":2}") })
            .Disposition(0, new Amqp10Disposition { Role = Amqp10Role.Receiver, First = 0, Settled = true, State = Amqp10DeliveryState.Accepted })
            .ToArray();
        foreach (byte readSize in new byte[] { 1, 3, 7 }) seeds.Add(new CorpusEntry($"busy-link-read-{readSize}.bin", InputLayout.Create(readSize, busy)));

        return seeds;
    }

    internal static Amqp10Message FullMessage() => new()
    {
        Header = new Amqp10Header { Durable = true, Priority = 4, Ttl = 60000, FirstAcquirer = false, DeliveryCount = 2 },
        MessageAnnotations = Map(("x-exchange", Amqp10Value.String("orders")), ("x-routing-key", Amqp10Value.String("order.created.eu"))),
        Properties = new Amqp10Properties
        {
            MessageId = Amqp10Value.String("m-1"), UserId = Encoding.UTF8.GetBytes("guest"), To = "/exchanges/orders/order.created.eu", Subject = "orders.created",
            ReplyTo = "/queues/replies", CorrelationId = Amqp10Value.Uuid(new Guid("6f1c2a4e-8d3b-4c55-9a0e-1b2c3d4e5f60")), ContentType = "application/json",
            ContentEncoding = "identity", CreationTime = new Amqp10Timestamp(1_700_000_000_000), GroupId = "g", GroupSequence = 7,
        },
        ApplicationProperties = new Dictionary<string, Amqp10Value>
        {
            ["region"] = Amqp10Value.String("eu"), ["count"] = Amqp10Value.Long(42), ["ratio"] = Amqp10Value.Double(0.5), ["flag"] = Amqp10Value.Boolean(true),
            ["when"] = Amqp10Value.Timestamp(new Amqp10Timestamp(1_700_000_000_123)), ["bytes"] = Amqp10Value.Binary([1, 2, 3]),
        },
        Data = Encoding.UTF8.GetBytes("{\"OrderId\":\"6f1c2a4e\",\"Total\":42.5}"),
    };

    private static Amqp10Value Map(params (string Key, Amqp10Value Value)[] pairs) =>
        Amqp10Value.Map([.. pairs.SelectMany(p => new[] { Amqp10Value.Symbol(p.Key), p.Value })]);
}
