using System.Text;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Rhea;

/// <summary>The messages TypedAmqp sends to rhea (directly, and through RabbitMQ 4 in the integration tests).</summary>
internal static class RheaSamples
{
    public static readonly Amqp10Timestamp Created = new(1_764_640_000_123);

    /// <summary>Every header and properties field, annotations, every simple application property type, a data body.</summary>
    public static Amqp10Message EveryField() => new()
    {
        Header = new Amqp10Header { Durable = true, Priority = 6, Ttl = 90_000, FirstAcquirer = false, DeliveryCount = 3 },
        MessageAnnotations = Amqp10Value.Map(
            Amqp10Value.Symbol("x-opt-typed"), Amqp10Value.String("annotation"),
            Amqp10Value.Symbol("x-opt-number"), Amqp10Value.Long(-12)),
        Properties = new Amqp10Properties
        {
            MessageId = Amqp10Value.Uuid(Guid.Parse("6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b")),
            UserId = "typed"u8.ToArray(),
            To = "record",
            Subject = "subject ✓",
            ReplyTo = "/replies",
            CorrelationId = Amqp10Value.Binary([1, 2, 3]),
            ContentType = "application/json",
            ContentEncoding = "gzip",
            AbsoluteExpiryTime = new Amqp10Timestamp(Created.Milliseconds + 60_000),
            CreationTime = Created,
            GroupId = "group",
            GroupSequence = 4_000_000_000,
            ReplyToGroupId = "reply-group",
        },
        ApplicationProperties = new Dictionary<string, Amqp10Value>
        {
            ["null"] = Amqp10Value.Null,
            ["bool"] = Amqp10Value.Boolean(false),
            ["ubyte"] = Amqp10Value.UByte(255),
            ["ushort"] = Amqp10Value.UShort(65_535),
            ["uint"] = Amqp10Value.UInt(uint.MaxValue),
            ["ulong"] = Amqp10Value.ULong(ulong.MaxValue),
            ["byte"] = Amqp10Value.Byte(sbyte.MinValue),
            ["short"] = Amqp10Value.Short(short.MinValue),
            ["int"] = Amqp10Value.Int(int.MinValue),
            ["long"] = Amqp10Value.Long(long.MinValue),
            ["small long"] = Amqp10Value.Long(5),
            ["float"] = Amqp10Value.Float(-0.375f),
            ["double"] = Amqp10Value.Double(Math.PI),
            ["decimal32"] = Amqp10Value.Decimal32(new Amqp10Decimal32(0x2230_0001)),
            ["decimal64"] = Amqp10Value.Decimal64(new Amqp10Decimal64(0x2238_0000_0000_0001)),
            ["decimal128"] = Amqp10Value.Decimal128(new Amqp10Decimal128(0x2208_0000_0000_0000, 1)),
            ["char"] = Amqp10Value.Char(new Rune(0x1F600)),
            ["timestamp"] = Amqp10Value.Timestamp(Created),
            ["uuid"] = Amqp10Value.Uuid(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")),
            ["binary"] = Amqp10Value.Binary([0, 255, 7]),
            ["string"] = Amqp10Value.String("héllo ✓"),
            ["symbol"] = Amqp10Value.Symbol("sym"),
        },
        Data = new byte[] { 9, 8, 7, 0, 255 },
    };

    /// <summary>Delivery annotations, amqp-sequence bodies (one section, several, an empty one) and footers.</summary>
    public static IEnumerable<Amqp10Message> EverySection()
    {
        yield return new Amqp10Message
        {
            DeliveryAnnotations = Amqp10Value.Map(Amqp10Value.Symbol("x-opt-hop"), Amqp10Value.String("next"), Amqp10Value.Symbol("x-opt-rank"), Amqp10Value.UInt(3)),
            MessageAnnotations = Amqp10Value.Map(Amqp10Value.Symbol("x-opt-kind"), Amqp10Value.String("sectioned")),
            Sequence = [Amqp10Value.List(Amqp10Value.Int(1), Amqp10Value.String("two"), Amqp10Value.Boolean(false))],
            Footer = Amqp10Value.Map(Amqp10Value.Symbol("x-opt-hash"), Amqp10Value.Binary([0xca, 0xfe])),
        };
        yield return new Amqp10Message
        {
            Sequence = [Amqp10Value.List(Amqp10Value.Long(-1)), Amqp10Value.List(), Amqp10Value.List(Amqp10Value.String("a"), Amqp10Value.Symbol("b"), Amqp10Value.List(Amqp10Value.UByte(9)))],
        };
        yield return new Amqp10Message { Data = new byte[] { 1, 2 }, Footer = Amqp10Value.Map(Amqp10Value.Symbol("x-opt-signed"), Amqp10Value.Boolean(true)) };
    }

    /// <summary>One message per amqp-value body kind, and data bodies: empty and crossing many frames.</summary>
    public static IEnumerable<Amqp10Message> EveryBody()
    {
        yield return new Amqp10Message { Value = Amqp10Value.String("an amqp-value string") };
        yield return new Amqp10Message { Value = Amqp10Value.Binary([1, 2, 3]) };
        yield return new Amqp10Message { Value = Amqp10Value.Null };
        yield return new Amqp10Message { Value = Amqp10Value.ULong(1UL << 60) };
        yield return new Amqp10Message { Value = Amqp10Value.Symbol("symbolic") };
        yield return new Amqp10Message { Value = Amqp10Value.List(Amqp10Value.Int(1), Amqp10Value.String("two"), Amqp10Value.Boolean(true), Amqp10Value.List()) };
        yield return new Amqp10Message
        {
            Value = Amqp10Value.Map(
                Amqp10Value.String("k"), Amqp10Value.Short(-2),
                Amqp10Value.Symbol("nested"), Amqp10Value.Map(Amqp10Value.UInt(1), Amqp10Value.Double(0.5))),
        };
        // A described value inside the body (rhea's reader drops a descriptor that directly follows the section's own, a
        // described value as the whole amqp-value: 00 53 77 00 a3 ... keeps only 0x77; that shape is left out).
        yield return new Amqp10Message { Value = Amqp10Value.List(Amqp10Value.Described(Amqp10Value.Symbol("com.example:point"), Amqp10Value.List(Amqp10Value.Int(3), Amqp10Value.Int(4)))) };
        yield return new Amqp10Message { Data = Array.Empty<byte>() };
        byte[] large = new byte[200_000];
        new Random(17).NextBytes(large);
        yield return new Amqp10Message { Data = large };
    }
}
