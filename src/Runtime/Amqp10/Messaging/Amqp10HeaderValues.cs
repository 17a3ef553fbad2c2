using System.Collections;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Amqp10;

/// <summary>
/// Header values between the neutral core's field-table shapes (what <c>BasicProperties.Headers</c> holds) and AMQP 1.0
/// values, chosen so that RabbitMQ 4's own 1.0 ⇄ 0-9-1 conversion gives a 0-9-1 consumer the same value and type a
/// 0-9-1 publisher would have sent: int stays int, a 0-9-1 timestamp (seconds) is a 1.0 timestamp (milliseconds).
/// </summary>
internal static class Amqp10HeaderValues
{
    /// <summary>
    /// The 1.0 value of a header or argument. Application properties hold only simple values (part 3 section 3.2.5),
    /// and RabbitMQ has no 0-9-1 mapping for 1.0 decimals, uuids or chars: those are refused here, naming the header,
    /// rather than failing at the broker.
    /// </summary>
    public static Amqp10Value ToAmqp10(string name, object? value, bool allowCompound) => value switch
    {
        null => Amqp10Value.Null,
        string text => Amqp10Value.String(text),
        bool flag => Amqp10Value.Boolean(flag),
        sbyte number => Amqp10Value.Byte(number),
        byte number => Amqp10Value.UByte(number),
        short number => Amqp10Value.Short(number),
        ushort number => Amqp10Value.UShort(number),
        int number => Amqp10Value.Int(number),
        uint number => Amqp10Value.UInt(number),
        long number => Amqp10Value.Long(number),
        float number => Amqp10Value.Float(number),
        double number => Amqp10Value.Double(number),
        byte[] bytes => Amqp10Value.Binary(bytes),
        ReadOnlyMemory<byte> memory => Amqp10Value.Binary(memory.ToArray()),
        AmqpTimestamp timestamp => Amqp10Value.Timestamp(new Amqp10Timestamp(timestamp.UnixSeconds * 1000)),
        DateTimeOffset time => Amqp10Value.Timestamp(new Amqp10Timestamp(time.ToUnixTimeMilliseconds())),
        IReadOnlyDictionary<string, object?> table when allowCompound => Map(name, table),
        IDictionary<string, object?> table when allowCompound => Map(name, table.ToDictionary(e => e.Key, e => e.Value)),
        IList list when allowCompound => Amqp10Value.List(list.Cast<object?>().Select(v => ToAmqp10(name, v, allowCompound)).ToArray()),
        _ => throw new NotSupportedException(
            $"The header or argument '{name}' is a {value.GetType().Name}, which AMQP 1.0 application properties cannot carry to RabbitMQ " +
            "(simple values only: string, bool, integers, float, double, binary, timestamp)."),
    };

    /// <summary>A map with string keys (queue and exchange arguments, where RabbitMQ accepts tables and lists).</summary>
    public static Amqp10Value Map(string name, IReadOnlyDictionary<string, object?>? table)
    {
        if (table is null) return Amqp10Value.Map();
        var keysAndValues = new Amqp10Value[table.Count * 2];
        int i = 0;
        foreach (KeyValuePair<string, object?> entry in table)
        {
            keysAndValues[i++] = Amqp10Value.String(entry.Key);
            keysAndValues[i++] = ToAmqp10(entry.Key, entry.Value, allowCompound: true);
        }

        return Amqp10Value.Map(keysAndValues);
    }

    /// <summary>
    /// The neutral value of a received 1.0 value: what a 0-9-1 consumer of the same message would read (RabbitMQ
    /// turns a symbol into a string, a ulong into a long, a timestamp into seconds).
    /// </summary>
    public static object? FromAmqp10(Amqp10Value value) => value.Type switch
    {
        Amqp10Type.Null => null,
        Amqp10Type.String or Amqp10Type.Symbol => value.AsText,
        Amqp10Type.Boolean => value.AsBoolean,
        Amqp10Type.Byte => (sbyte)value.AsSigned,
        Amqp10Type.UByte => (byte)value.AsUnsigned,
        Amqp10Type.Short => (short)value.AsSigned,
        Amqp10Type.UShort => (ushort)value.AsUnsigned,
        Amqp10Type.Int => (int)value.AsSigned,
        Amqp10Type.UInt => (uint)value.AsUnsigned,
        Amqp10Type.Long => value.AsSigned,
        Amqp10Type.ULong => (long)value.AsUnsigned,
        Amqp10Type.Float => value.AsFloat,
        Amqp10Type.Double => value.AsDouble,
        Amqp10Type.Binary => value.AsBinary,
        Amqp10Type.Timestamp => new AmqpTimestamp(Math.DivRem(value.AsTimestamp.Milliseconds, 1000L, out _)),
        Amqp10Type.Uuid => value.AsUuid,
        Amqp10Type.Char => value.AsChar.ToString(),
        Amqp10Type.List or Amqp10Type.Array => ElementsOf(value).Select(FromAmqp10).ToList(),
        Amqp10Type.Map => TableOf(value),
        _ => value.ToString(),
    };

    private static IEnumerable<Amqp10Value> ElementsOf(Amqp10Value value) =>
        value.Type == Amqp10Type.Array ? value.AsArray.Elements : value.AsElements;

    private static Dictionary<string, object?> TableOf(Amqp10Value map)
    {
        Amqp10Value[] entries = map.AsElements;
        var table = new Dictionary<string, object?>(entries.Length / 2, StringComparer.Ordinal);
        for (int i = 0; i + 1 < entries.Length; i += 2)
        {
            Amqp10Value key = entries[i];
            table[key.Type is Amqp10Type.String or Amqp10Type.Symbol ? key.AsText : key.ToString()] = FromAmqp10(entries[i + 1]);
        }

        return table;
    }
}
