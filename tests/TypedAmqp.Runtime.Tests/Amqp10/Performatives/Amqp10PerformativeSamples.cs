using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Performatives;

/// <summary>
/// Each performative, SASL frame and delivery state with every field set: the same values proton_interop.py's
/// <c>performatives()</c> builds with Proton, so the two encodings can be compared value for value.
/// </summary>
internal static class Amqp10PerformativeSamples
{
    public delegate void WriteBody(ref Amqp10Writer writer);

    public delegate void ReadThenWrite(ref Amqp10Reader reader, ref Amqp10Writer writer);

    public static byte[] Encode(WriteBody write, int capacity = 4096)
    {
        var buffer = new byte[capacity];
        var writer = new Amqp10Writer(buffer);
        write(ref writer);
        return buffer[..writer.Written];
    }

    /// <summary>Decodes <paramref name="encoded"/> as its performative and encodes what was read again.</summary>
    public static byte[] Reencode(string name, byte[] encoded)
    {
        var buffer = new byte[4096];
        var writer = new Amqp10Writer(buffer);
        var reader = new Amqp10Reader(encoded);
        Readers[name](ref reader, ref writer);
        Assert.True(reader.IsEnd, $"{name}: {reader.Remaining} bytes left after the performative");
        return buffer[..writer.Written];
    }

    private static Amqp10Value Fields(params (string Key, string Value)[] pairs) =>
        Amqp10Value.Map([.. pairs.SelectMany(p => new[] { Amqp10Value.Symbol(p.Key), Amqp10Value.String(p.Value) })]);

    private static readonly Amqp10Value AcceptedValue = Amqp10Value.Described(Amqp10Value.ULong(0x24), Amqp10Value.List());

    public static Amqp10Source Source => new()
    {
        Address = "/queues/q",
        Durable = 0,
        ExpiryPolicy = "link-detach",
        Timeout = 0,
        Dynamic = false,
        DynamicNodeProperties = Fields(("lifetime-policy", "delete-on-close")),
        DistributionMode = "move",
        Filter = Fields(("f", "g")),
        DefaultOutcome = Amqp10DeliveryState.Accepted,
        Outcomes = ["amqp:accepted:list", "amqp:rejected:list"],
        Capabilities = ["queue"],
    };

    public static Amqp10Target Target => new()
    {
        Address = "/queues/q",
        Durable = 1,
        ExpiryPolicy = "never",
        Timeout = 5,
        Dynamic = false,
        DynamicNodeProperties = Fields(("k", "v")),
        Capabilities = ["topic"],
    };

    public static Amqp10Open Open => new()
    {
        ContainerId = "typedamqp-test",
        Hostname = "vhost:/",
        MaxFrameSize = 65536,
        ChannelMax = 255,
        IdleTimeOut = 30000,
        OutgoingLocales = ["en-US"],
        IncomingLocales = ["en-US", "de-DE"],
        OfferedCapabilities = ["ANONYMOUS-RELAY"],
        DesiredCapabilities = ["DELAYED_DELIVERY"],
        Properties = Fields(("product", "TypedAmqp")),
    };

    public static Amqp10Attach Attach => new()
    {
        Name = "sender-1",
        Handle = 0,
        Role = Amqp10Role.Receiver,
        SenderSettleMode = Amqp10SenderSettleMode.Mixed,
        ReceiverSettleMode = Amqp10ReceiverSettleMode.First,
        Source = Source,
        Target = Target,
        Unsettled = Amqp10Value.Map(Amqp10Value.Binary([1]), AcceptedValue),
        IncompleteUnsettled = false,
        InitialDeliveryCount = 7,
        MaxMessageSize = 1048576,
        OfferedCapabilities = ["o"],
        DesiredCapabilities = ["d"],
        Properties = Fields(("p", "v")),
    };

    /// <summary>Every sample by the name proton_interop.py prints, encoded by us.</summary>
    public static readonly Dictionary<string, WriteBody> Writers = new()
    {
        ["open"] = (ref Amqp10Writer w) => Open.Write(ref w),
        ["begin"] = (ref Amqp10Writer w) => new Amqp10Begin
        {
            RemoteChannel = 1,
            NextOutgoingId = 0,
            IncomingWindow = 2048,
            OutgoingWindow = 2048,
            HandleMax = 63,
            OfferedCapabilities = ["a"],
            DesiredCapabilities = ["b"],
            Properties = Fields(("p", "v")),
        }.Write(ref w),
        ["attach"] = (ref Amqp10Writer w) => Attach.Write(ref w),
        ["flow"] = (ref Amqp10Writer w) => new Amqp10Flow
        {
            NextIncomingId = 1,
            IncomingWindow = 100,
            NextOutgoingId = 2,
            OutgoingWindow = 200,
            Handle = 3,
            DeliveryCount = 4,
            LinkCredit = 5,
            Available = 6,
            Drain = true,
            Echo = false,
            Properties = Fields(("p", "v")),
        }.Write(ref w),
        ["transfer"] = (ref Amqp10Writer w) => new Amqp10Transfer
        {
            Handle = 0,
            DeliveryId = 1,
            HasDeliveryTag = true,
            DeliveryTag = [1, 2],
            MessageFormat = 0,
            Settled = false,
            More = true,
            ReceiverSettleMode = Amqp10ReceiverSettleMode.Second,
            State = Amqp10DeliveryState.Modified(true, false, Fields(("x-opt", "y"))),
            Resume = false,
            Aborted = false,
            Batchable = true,
        }.Write(ref w),
        ["transfer-received"] = (ref Amqp10Writer w) => new Amqp10Transfer
        {
            Handle = 4,
            DeliveryId = 9,
            HasDeliveryTag = true,
            DeliveryTag = "t"u8,
            MessageFormat = 0,
            Settled = false,
            More = false,
            ReceiverSettleMode = Amqp10ReceiverSettleMode.First,
            State = Amqp10DeliveryState.Received(1, 2),
        }.Write(ref w),
        ["disposition"] = (ref Amqp10Writer w) => new Amqp10Disposition
        {
            Role = Amqp10Role.Receiver,
            First = 1,
            Last = 5,
            Settled = true,
            State = Amqp10DeliveryState.Rejected(new Amqp10Error("amqp:not-found", "gone", Fields(("k", "v")))),
            Batchable = false,
        }.Write(ref w),
        ["disposition-released"] = (ref Amqp10Writer w) => new Amqp10Disposition
        {
            Role = Amqp10Role.Receiver, First = 3, Last = 3, Settled = true, State = Amqp10DeliveryState.Released,
        }.Write(ref w),
        ["disposition-accepted"] = (ref Amqp10Writer w) => new Amqp10Disposition
        {
            Role = Amqp10Role.Sender, First = 0, Last = 0, Settled = true, State = Amqp10DeliveryState.Accepted,
        }.Write(ref w),
        ["detach"] = (ref Amqp10Writer w) => new Amqp10Detach
        {
            Handle = 2, Closed = true, Error = new Amqp10Error("amqp:link:detach-forced", "forced", Fields(("k", "v"))),
        }.Write(ref w),
        ["end"] = (ref Amqp10Writer w) => new Amqp10End { Error = new Amqp10Error("amqp:session:window-violation", "window", Fields(("k", "v"))) }.Write(ref w),
        ["close"] = (ref Amqp10Writer w) => new Amqp10Close { Error = new Amqp10Error("amqp:connection:forced", "bye", Fields(("k", "v"))) }.Write(ref w),
        ["sasl-mechanisms"] = (ref Amqp10Writer w) => new Amqp10SaslMechanisms { Mechanisms = ["PLAIN", "ANONYMOUS"] }.Write(ref w),
        ["sasl-init"] = (ref Amqp10Writer w) => new Amqp10SaslInit { Mechanism = "PLAIN", InitialResponse = [0, (byte)'u', 0, (byte)'p'], Hostname = "localhost" }.Write(ref w),
        ["sasl-challenge"] = (ref Amqp10Writer w) => new Amqp10SaslChallenge { Challenge = [1, 2] }.Write(ref w),
        ["sasl-response"] = (ref Amqp10Writer w) => new Amqp10SaslResponse { Response = [3, 4] }.Write(ref w),
        ["sasl-outcome"] = (ref Amqp10Writer w) => new Amqp10SaslOutcome { Code = Amqp10SaslCode.Auth, AdditionalData = [5] }.Write(ref w),
    };

    /// <summary>Every sample by name: read as its performative, then written again.</summary>
    public static readonly Dictionary<string, ReadThenWrite> Readers = new()
    {
        ["open"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10Open.Read(ref r).Write(ref w),
        ["begin"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10Begin.Read(ref r).Write(ref w),
        ["attach"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10Attach.Read(ref r).Write(ref w),
        ["flow"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10Flow.Read(ref r).Write(ref w),
        ["transfer"] = (ref Amqp10Reader r, ref Amqp10Writer w) =>
        {
            Amqp10Transfer transfer = Amqp10Transfer.Read(ref r);
            transfer.Write(ref w);
        },
        ["transfer-received"] = (ref Amqp10Reader r, ref Amqp10Writer w) =>
        {
            Amqp10Transfer transfer = Amqp10Transfer.Read(ref r);
            transfer.Write(ref w);
        },
        ["disposition"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10Disposition.Read(ref r).Write(ref w),
        ["disposition-released"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10Disposition.Read(ref r).Write(ref w),
        ["disposition-accepted"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10Disposition.Read(ref r).Write(ref w),
        ["detach"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10Detach.Read(ref r).Write(ref w),
        ["end"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10End.Read(ref r).Write(ref w),
        ["close"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10Close.Read(ref r).Write(ref w),
        ["sasl-mechanisms"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10SaslMechanisms.Read(ref r).Write(ref w),
        ["sasl-init"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10SaslInit.Read(ref r).Write(ref w),
        ["sasl-challenge"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10SaslChallenge.Read(ref r).Write(ref w),
        ["sasl-response"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10SaslResponse.Read(ref r).Write(ref w),
        ["sasl-outcome"] = (ref Amqp10Reader r, ref Amqp10Writer w) => Amqp10SaslOutcome.Read(ref r).Write(ref w),
    };

    public static IEnumerable<object[]> Names => Writers.Keys.Select(name => new object[] { name });
}
