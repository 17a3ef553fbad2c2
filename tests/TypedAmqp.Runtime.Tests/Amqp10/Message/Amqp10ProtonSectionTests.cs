using System.Text;
using System.Threading.Channels;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Message;

/// <summary>
/// Every message section against Qpid Proton, both ways, as raw bytes (proton_sections.py): what we send, Proton's
/// <c>proton.Data</c> takes apart section by section and prints in the canonical form of <see cref="Amqp10Value.ToString"/>
/// (types included), and a message Proton builds with its own <c>put_*</c> calls, section by section, we read into the
/// exact typed fields. Proton 0.37's Message class has no footer, so the peer never uses it for the payload.
/// </summary>
public sealed class Amqp10ProtonSectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly Guid Uuid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
    private ProtonScriptPeer? _peer;

    public async Task InitializeAsync()
    {
        if (ProtonFactAttribute.IsAvailable) _peer = await ProtonScriptPeer.StartAsync("proton_sections.py", Timeout);
    }

    public Task DisposeAsync()
    {
        _peer?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The peer's next output line that starts with <paramref name="kind"/> and the address, without that prefix.</summary>
    private async Task<string> PeerLineAsync(string kind, string address)
    {
        string prefix = $"{kind}\t{address}\t";
        while (true)
        {
            string line;
            try
            {
                line = await _peer!.ReadLineAsync(Timeout);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"proton_sections.py printed no {kind} line for {address}: {_peer!.Errors}");
                throw;
            }

            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..];
        }
    }

    private Task<Amqp10Client> ConnectAsync() =>
        Amqp10Client.ConnectAsync(new Amqp10ConnectionOptions { Host = "127.0.0.1", Port = _peer!.Port }).AsTask().WaitAsync(Timeout);

    private static Amqp10Value Section(ulong code, Amqp10Value value) => Amqp10Value.Described(Amqp10Value.ULong(code), value);

    /// <summary>Every primitive type the spec allows in application properties, in the order proton_sections.py puts them.</summary>
    private static readonly (string Key, Amqp10Value Value)[] EveryPrimitive =
    [
        ("null", Amqp10Value.Null),
        ("bool", Amqp10Value.Boolean(true)),
        ("ubyte", Amqp10Value.UByte(255)),
        ("ushort", Amqp10Value.UShort(65535)),
        ("uint", Amqp10Value.UInt(uint.MaxValue)),
        ("ulong", Amqp10Value.ULong(ulong.MaxValue)),
        ("byte", Amqp10Value.Byte(sbyte.MinValue)),
        ("short", Amqp10Value.Short(short.MinValue)),
        ("int", Amqp10Value.Int(int.MinValue)),
        ("long", Amqp10Value.Long(long.MinValue)),
        ("float", Amqp10Value.Float(1.5f)),
        ("double", Amqp10Value.Double(-2.5e300)),
        ("decimal32", Amqp10Value.Decimal32(new Amqp10Decimal32(0x22334455))),
        ("decimal64", Amqp10Value.Decimal64(new Amqp10Decimal64(0x0102030405060708))),
        ("decimal128", Amqp10Value.Decimal128(new Amqp10Decimal128(0x0001020304050607, 0x08090a0b0c0d0e0f))),
        ("char", Amqp10Value.Char(new Rune(0x1F600))),
        ("timestamp", Amqp10Value.Timestamp(new Amqp10Timestamp(1_764_640_000_123))),
        ("uuid", Amqp10Value.Uuid(Uuid)),
        ("binary", Amqp10Value.Binary([0x00, 0xff])),
        ("string", Amqp10Value.String("héllo 世界")),
        ("symbol", Amqp10Value.Symbol("sym")),
    ];

    private static readonly Amqp10Value DeliveryAnnotations =
        Amqp10Value.Map(Amqp10Value.Symbol("x-opt-trace"), Amqp10Value.String("hop-1"), Amqp10Value.Symbol("x-opt-count"), Amqp10Value.Long(-7));

    private static readonly Amqp10Value MessageAnnotations = Amqp10Value.Map(
        Amqp10Value.Symbol("x-opt-partition"), Amqp10Value.Int(3),
        Amqp10Value.Symbol("x-opt-when"), Amqp10Value.Timestamp(new Amqp10Timestamp(1_764_640_000_999)),
        Amqp10Value.ULong(42), Amqp10Value.String("numeric key"));

    private static readonly Amqp10Value Footer = Amqp10Value.Map(Amqp10Value.Symbol("x-opt-hash"), Amqp10Value.Binary([0xde, 0xad, 0xbe, 0xef]));

    private static readonly Amqp10Value ValueBody = Amqp10Value.Map(
        Amqp10Value.Symbol("k"), Amqp10Value.List(Amqp10Value.Int(-1), Amqp10Value.String("x"), Amqp10Value.Null),
        Amqp10Value.ULong(7), Amqp10Value.Double(0.5));

    private static readonly Amqp10Value[] SequenceBody =
        [Amqp10Value.List(Amqp10Value.UInt(1), Amqp10Value.String("one")), Amqp10Value.List(Amqp10Value.Boolean(false))];

    /// <summary>The message ids per body kind, so that all four id types (ulong, uuid, binary, string) go both ways.</summary>
    private static (Amqp10Value MessageId, Amqp10Value CorrelationId) Ids(string kind) => kind switch
    {
        "data" => (Amqp10Value.ULong(ulong.MaxValue), Amqp10Value.String("corr-1")),
        "value" => (Amqp10Value.Uuid(Guid.Parse("ffeeddcc-bbaa-9988-7766-554433221100")), Amqp10Value.Binary([1, 2, 3])),
        _ => (Amqp10Value.Binary([0xca, 0xfe]), Amqp10Value.Uuid(Uuid)),
    };

    private static Amqp10Message EverySection(string kind)
    {
        (Amqp10Value messageId, Amqp10Value correlationId) = Ids(kind);
        var message = new Amqp10Message
        {
            Header = new Amqp10Header { Durable = true, Priority = 9, Ttl = 60_000, FirstAcquirer = true, DeliveryCount = 4 },
            DeliveryAnnotations = DeliveryAnnotations,
            MessageAnnotations = MessageAnnotations,
            Properties = new Amqp10Properties
            {
                MessageId = messageId,
                UserId = "guest"u8.ToArray(),
                To = "to-" + kind,
                Subject = "subject",
                ReplyTo = "replies",
                CorrelationId = correlationId,
                ContentType = "application/json",
                ContentEncoding = "gzip",
                AbsoluteExpiryTime = new Amqp10Timestamp(1_764_640_100_000),
                CreationTime = new Amqp10Timestamp(1_764_640_000_123),
                GroupId = "group",
                GroupSequence = uint.MaxValue,
                ReplyToGroupId = "reply-group",
            },
            ApplicationProperties = EveryPrimitive.ToDictionary(p => p.Key, p => p.Value),
            Footer = Footer,
        };
        // Set one body only: a null byte[] assigned to Data would convert to an empty (not a null) ReadOnlyMemory.
        if (kind == "data") message.Data = "first second"u8.ToArray();
        if (kind == "value") message.Value = ValueBody;
        if (kind == "sequence") message.Sequence = SequenceBody;
        return message;
    }

    /// <summary>The sections of <see cref="EverySection"/> as they must be on the wire, each field with its AMQP type.</summary>
    private static IEnumerable<Amqp10Value> ExpectedSections(string kind)
    {
        (Amqp10Value messageId, Amqp10Value correlationId) = Ids(kind);
        yield return Section(0x70, Amqp10Value.List(
            Amqp10Value.Boolean(true), Amqp10Value.UByte(9), Amqp10Value.UInt(60_000), Amqp10Value.Boolean(true), Amqp10Value.UInt(4)));
        yield return Section(0x71, DeliveryAnnotations);
        yield return Section(0x72, MessageAnnotations);
        yield return Section(0x73, Amqp10Value.List(
            messageId, Amqp10Value.Binary("guest"u8.ToArray()), Amqp10Value.String("to-" + kind), Amqp10Value.String("subject"),
            Amqp10Value.String("replies"), correlationId, Amqp10Value.Symbol("application/json"), Amqp10Value.Symbol("gzip"),
            Amqp10Value.Timestamp(new Amqp10Timestamp(1_764_640_100_000)), Amqp10Value.Timestamp(new Amqp10Timestamp(1_764_640_000_123)),
            Amqp10Value.String("group"), Amqp10Value.UInt(uint.MaxValue), Amqp10Value.String("reply-group")));
        yield return Section(0x74, Amqp10Value.Map([.. EveryPrimitive.SelectMany(p => new[] { Amqp10Value.String(p.Key), p.Value })]));
        if (kind == "data") yield return Section(0x75, Amqp10Value.Binary("first second"u8.ToArray()));
        if (kind == "value") yield return Section(0x77, ValueBody);
        if (kind == "sequence")
        {
            foreach (Amqp10Value list in SequenceBody) yield return Section(0x76, list);
        }

        yield return Section(0x78, Footer);
    }

    [ProtonTheory]
    [InlineData("data")]
    [InlineData("value")]
    [InlineData("sequence")]
    public async Task Every_section_we_send_reaches_Proton_with_every_field_in_its_AMQP_type(string kind)
    {
        await using Amqp10Client client = await ConnectAsync();
        await using Amqp10Sender sender = await client.CreateSenderAsync("in/" + kind).AsTask().WaitAsync(Timeout);

        Amqp10DeliveryState? outcome = await sender.SendAsync(EverySection(kind)).AsTask().WaitAsync(Timeout);

        Assert.Equal(Amqp10DeliveryStateKind.Accepted, outcome?.Kind);
        string[] sections = (await PeerLineAsync("delivery", "in/" + kind)).Split('\t');
        Assert.Equal(ExpectedSections(kind).Select(s => s.ToString()), sections);
        // Proton's own message decoder reads the same bytes too; it has no footer and keeps only the last of several
        // amqp-sequence sections, so its view is checked where it has one.
        string proton = await PeerLineAsync("message", "in/" + kind);
        Assert.Contains("durable=True priority=9 ttl=60.0 first_acquirer=True delivery_count=4 ", proton);
        Assert.Contains("instructions=AnnotationDict({symbol('x-opt-trace'): 'hop-1', symbol('x-opt-count'): -7})", proton);
        Assert.Contains("annotations=AnnotationDict({symbol('x-opt-partition'): int32(3), symbol('x-opt-when'): timestamp(1764640000999), ulong(42): 'numeric key'})", proton);
        Assert.EndsWith(kind switch
        {
            "data" => "body=b'first second'",
            "value" => "body={symbol('k'): [int32(-1), 'x', None], ulong(7): 0.5}",
            _ => "body=[False]",
        }, proton);
    }

    [ProtonTheory]
    [InlineData("data")]
    [InlineData("value")]
    [InlineData("sequence")]
    public async Task Every_section_Proton_builds_is_read_into_the_exact_typed_fields(string kind)
    {
        await using Amqp10Client client = await ConnectAsync();
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("emit/" + kind, new Amqp10ReceiverOptions { Credit = 1 }).AsTask().WaitAsync(Timeout);

        Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        await receiver.AcceptAsync(delivery).AsTask().WaitAsync(Timeout);

        Amqp10Message m = delivery.Message;
        Amqp10Header h = m.Header!;
        Assert.Equal((true, (byte)9, 60_000u, true, 4u), (h.Durable, h.Priority, h.Ttl, h.FirstAcquirer, h.DeliveryCount));
        Assert.Equal(DeliveryAnnotations.ToString(), m.DeliveryAnnotations?.ToString());
        Assert.Equal(MessageAnnotations.ToString(), m.MessageAnnotations?.ToString());

        Amqp10Properties p = m.Properties!;
        (Amqp10Value messageId, Amqp10Value correlationId) = Ids(kind);
        Assert.Equal(messageId.ToString(), p.MessageId?.ToString());
        Assert.Equal("guest"u8.ToArray(), p.UserId);
        Assert.Equal("to-" + kind, p.To);
        Assert.Equal("subject", p.Subject);
        Assert.Equal("replies", p.ReplyTo);
        Assert.Equal(correlationId.ToString(), p.CorrelationId?.ToString());
        Assert.Equal("application/json", p.ContentType);
        Assert.Equal("gzip", p.ContentEncoding);
        Assert.Equal(new Amqp10Timestamp(1_764_640_100_000), p.AbsoluteExpiryTime);
        Assert.Equal(new Amqp10Timestamp(1_764_640_000_123), p.CreationTime);
        Assert.Equal("group", p.GroupId);
        Assert.Equal(uint.MaxValue, p.GroupSequence);
        Assert.Equal("reply-group", p.ReplyToGroupId);

        Assert.Equal(
            EveryPrimitive.Select(e => $"{e.Key}={e.Value}"),
            m.ApplicationProperties!.Select(e => $"{e.Key}={e.Value}"));

        switch (kind)
        {
            case "data": // two data sections, read as one body
                Assert.Equal("first second", Encoding.UTF8.GetString(m.Data!.Value.Span));
                Assert.Null(m.Value);
                Assert.Null(m.Sequence);
                break;
            case "value":
                Assert.Equal(ValueBody.ToString(), m.Value?.ToString());
                Assert.Null(m.Data);
                Assert.Null(m.Sequence);
                break;
            default:
                Assert.Equal(SequenceBody.Select(s => s.ToString()), m.Sequence!.Select(s => s.ToString()));
                Assert.Null(m.Data);
                Assert.Null(m.Value);
                break;
        }

        Assert.Equal(Footer.ToString(), m.Footer?.ToString());
        Assert.Equal("accepted", await PeerLineAsync("outcome", "emit/" + kind));
    }
}
