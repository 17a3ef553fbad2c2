using CsCheck;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Tests.Support;

/// <summary>Generators of field values, tables and property sets for the property-based tests.</summary>
internal static class AmqpGen
{
    private static Gen<T> Always<T>(T value) => Gen.Int[0, 0].Select(_ => value);

    /// <summary>Text without lone surrogates (which UTF-8 cannot carry), including non-ASCII letters.</summary>
    public static readonly Gen<string> Text = Gen.Char[' ', '\uD7FF'].Array[0, 30].Select(chars => new string(chars));

    public static readonly Gen<string> Key = Gen.String[Gen.Char.AlphaNumeric, 1, 20];

    public static readonly Gen<decimal> AmqpDecimal =
        Gen.Select(Gen.Int[int.MinValue + 1, int.MaxValue], Gen.Byte[0, 28], (unscaled, scale) =>
            new decimal(Math.Abs(unscaled), 0, 0, unscaled < 0, scale));

    /// <summary>Every scalar type RabbitMQ's field tables carry (t b B s u I i l f d D S T x V).</summary>
    public static readonly Gen<object?> Scalar = Gen.OneOf<object?>(
        Gen.Bool.Select(x => (object?)x),
        Gen.SByte.Select(x => (object?)x),
        Gen.Byte.Select(x => (object?)x),
        Gen.Short.Select(x => (object?)x),
        Gen.UShort.Select(x => (object?)x),
        Gen.Int.Select(x => (object?)x),
        Gen.UInt.Select(x => (object?)x),
        Gen.Long.Select(x => (object?)x),
        Gen.Float.Select(x => (object?)x),
        Gen.Double.Select(x => (object?)x),
        AmqpDecimal.Select(x => (object?)x),
        Text.Select(x => (object?)x),
        Gen.Long.Select(x => (object?)new AmqpTimestamp(x)),
        Gen.Byte.Array[0, 40].Select(x => (object?)x),
        Always<object?>(null));

    /// <summary>Values including nested tables (F) and arrays (A), up to three levels deep.</summary>
    public static readonly Gen<object?> Value = Gen.Recursive<object?>((depth, value) =>
    {
        if (depth >= 3) return Scalar;
        Gen<object?> table = Gen.Dictionary(Key, value)[0, 4].Select(d => (object?)d);
        Gen<object?> array = value.List[0, 4].Select(l => (object?)l);
        return Gen.OneOf(Scalar, Scalar, table, array);
    });

    public static readonly Gen<Dictionary<string, object?>> Table = Gen.Dictionary(Key, Value)[0, 8];

    private static Gen<string?> OptionalShortString => Gen.OneOf(Always<string?>(null), Gen.String[Gen.Char.AlphaNumeric, 0, 60].Select(s => (string?)s));

    public static readonly Gen<BasicProperties> Properties = Gen.Select(
        Gen.Select(OptionalShortString, OptionalShortString, Gen.OneOf(Always<Dictionary<string, object?>?>(null), Table.Select(t => (Dictionary<string, object?>?)t)),
            Gen.OneOf(Always<DeliveryMode?>(null), Always<DeliveryMode?>(DeliveryMode.Transient), Always<DeliveryMode?>(DeliveryMode.Persistent)),
            Gen.OneOf(Always<byte?>(null), Gen.Byte.Select(b => (byte?)b)), OptionalShortString, OptionalShortString),
        Gen.Select(OptionalShortString, OptionalShortString, Gen.OneOf(Always<AmqpTimestamp?>(null), Gen.Long.Select(l => (AmqpTimestamp?)new AmqpTimestamp(l))),
            OptionalShortString, OptionalShortString, OptionalShortString, OptionalShortString),
        (a, b) => new BasicProperties
        {
            ContentType = a.Item1,
            ContentEncoding = a.Item2,
            Headers = a.Item3,
            DeliveryMode = a.Item4,
            Priority = a.Item5,
            CorrelationId = a.Item6,
            ReplyTo = a.Item7,
            Expiration = b.Item1,
            MessageId = b.Item2,
            Timestamp = b.Item3,
            Type = b.Item4,
            UserId = b.Item5,
            AppId = b.Item6,
            ClusterId = b.Item7,
        });

    /// <summary>Structural equality of decoded field values (arrays decode as List, tables as Dictionary).</summary>
    public static void AssertSameValue(object? expected, object? actual, string path = "$")
    {
        switch (expected)
        {
            case IDictionary<string, object?> table:
            {
                var decoded = Assert.IsType<Dictionary<string, object?>>(actual);
                Assert.True(table.Count == decoded.Count, $"{path}: {table.Count} entries expected, {decoded.Count} decoded");
                foreach ((string key, object? value) in table)
                {
                    Assert.True(decoded.ContainsKey(key), $"{path}.{key} missing");
                    AssertSameValue(value, decoded[key], $"{path}.{key}");
                }

                break;
            }
            case List<object?> list:
            {
                var decoded = Assert.IsType<List<object?>>(actual);
                Assert.True(list.Count == decoded.Count, $"{path}: {list.Count} items expected, {decoded.Count} decoded");
                for (int i = 0; i < list.Count; i++) AssertSameValue(list[i], decoded[i], $"{path}[{i}]");
                break;
            }
            case byte[] bytes:
                Assert.Equal(bytes, Assert.IsType<byte[]>(actual));
                break;
            default:
                Assert.True(Equals(expected, actual) && (expected is null || expected.GetType() == actual!.GetType()),
                    $"{path}: expected {expected} ({expected?.GetType().Name}), decoded {actual} ({actual?.GetType().Name})");
                break;
        }
    }
}
