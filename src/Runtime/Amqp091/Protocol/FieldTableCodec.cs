using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace TypedAmqp.Amqp091.Protocol;

/// <summary>
/// Encodes and decodes AMQP field tables and field arrays with RabbitMQ's value types
/// (see https://www.rabbitmq.com/amqp-0-9-1-errata.html#section_3):
/// <list type="table">
/// <item><term>t</term><description><see cref="bool"/></description></item>
/// <item><term>b / B</term><description><see cref="sbyte"/> / <see cref="byte"/></description></item>
/// <item><term>s / u</term><description><see cref="short"/> / <see cref="ushort"/></description></item>
/// <item><term>I / i</term><description><see cref="int"/> / <see cref="uint"/></description></item>
/// <item><term>l</term><description><see cref="long"/></description></item>
/// <item><term>f / d</term><description><see cref="float"/> / <see cref="double"/></description></item>
/// <item><term>D</term><description><see cref="decimal"/> (scale octet and signed 32-bit value; see below)</description></item>
/// <item><term>S</term><description><see cref="string"/> (a long string that is not valid UTF-8 decodes as <c>byte[]</c>)</description></item>
/// <item><term>x</term><description><c>byte[]</c> or <see cref="ReadOnlyMemory{T}"/> of bytes</description></item>
/// <item><term>T</term><description><see cref="AmqpTimestamp"/> (also written from <see cref="DateTimeOffset"/>)</description></item>
/// <item><term>F</term><description>a nested table: any <see cref="IReadOnlyDictionary{TKey,TValue}"/> or <see cref="IDictionary{TKey,TValue}"/> of string to object</description></item>
/// <item><term>A</term><description>an array: any <see cref="IList"/> (read back as <c>List&lt;object?&gt;</c>)</description></item>
/// <item><term>V</term><description><see langword="null"/></description></item>
/// </list>
/// <para>
/// A decimal's 32-bit value is the unscaled value in two's complement, as pika (1.x) writes and reads
/// it: -1.5 is scale 1 and 0xFFFFFFF1. The spec calls the field unsigned and RabbitMQ parses it as unsigned, passing
/// the 32 bits through unchanged, so only the peers decide the sign. RabbitMQ.Client (7.x) uses sign-and-magnitude
/// instead (top bit the sign, 31 bits the magnitude): positive decimals agree with it, a negative one does not: its
/// -1.5 (0x8000000F) reads here as -214748363.3, and ours reads there as -214748363.3 (DecimalInteropTests pins this).
/// </para>
/// </summary>
internal static class FieldTableCodec
{
    private const int MaxDepth = 64;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The encoded size of a table, including its 4-byte length prefix.</summary>
    public static int GetTableSize(IReadOnlyDictionary<string, object?>? table) => 4 + GetTableContentSize(table, 0);

    /// <summary>Writes a table with its length prefix and returns the number of bytes written.</summary>
    public static int WriteTable(Span<byte> destination, IReadOnlyDictionary<string, object?>? table)
    {
        int written = WriteTableContent(destination[4..], table, 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)written);
        return 4 + written;
    }

    /// <summary>
    /// Writes a table followed by one extra long-integer entry (the publish sequence header used to match returns to
    /// confirms), without touching the caller's dictionary.
    /// </summary>
    public static int WriteTable(Span<byte> destination, IReadOnlyDictionary<string, object?>? table, ReadOnlySpan<byte> extraKey, long extraValue)
    {
        int written = WriteTableContent(destination[4..], table, 0);
        Span<byte> extra = destination[(4 + written)..];
        extra[0] = (byte)extraKey.Length;
        extraKey.CopyTo(extra[1..]);
        extra[1 + extraKey.Length] = (byte)'l';
        BinaryPrimitives.WriteInt64BigEndian(extra[(2 + extraKey.Length)..], extraValue);
        written += 10 + extraKey.Length;
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)written);
        return 4 + written;
    }

    /// <summary>Reads a table's content (without the length prefix, which the caller used to slice it).</summary>
    public static Dictionary<string, object?> ReadTable(ReadOnlySequence<byte> content) => ReadTableContent(content, 0);

    /// <summary>
    /// Checks that a table's content (without its length prefix) decodes as <see cref="ReadTable"/> would decode it,
    /// without building it or allocating: null when it does, else what is wrong. Kept in step with <c>ReadValue</c>.
    /// </summary>
    public static string? Validate(ReadOnlySequence<byte> content)
    {
        try
        {
            ValidateContent(content, isArray: false, 0);
            return null;
        }
        catch (AmqpProtocolException ex)
        {
            return ex.Message;
        }
    }

    private static void ValidateContent(ReadOnlySequence<byte> content, bool isArray, int depth)
    {
        CheckReadDepth(depth);
        var reader = new AmqpReader(content);
        while (reader.Remaining > 0)
        {
            if (!isArray) reader.SkipShortString();
            byte tag = reader.ReadOctet();
            switch ((char)tag)
            {
                case 't' or 'b' or 'B': reader.ReadOctet(); break;
                case 's' or 'u': reader.ReadShort(); break;
                case 'I' or 'i' or 'f': reader.ReadLong(); break;
                case 'l' or 'd' or 'T': reader.ReadLongLong(); break;
                case 'D':
                {
                    byte scale = reader.ReadOctet();
                    reader.ReadLong();
                    if (scale > 28) throw ScaleTooLarge(scale);
                    break;
                }
                case 'S' or 'x': reader.ReadLongStringBytes(); break;
                case 'F': ValidateContent(reader.ReadLongStringBytes(), isArray: false, depth + 1); break;
                case 'A': ValidateContent(reader.ReadLongStringBytes(), isArray: true, depth + 1); break;
                case 'V': break;
                default: throw UnknownTag(tag, reader.Consumed - 1);
            }
        }
    }

    private static int GetTableContentSize(IReadOnlyDictionary<string, object?>? table, int depth)
    {
        if (table is null) return 0;
        CheckDepth(depth);
        int size = 0;
        foreach (KeyValuePair<string, object?> entry in table)
        {
            size += 1 + GetShortStringSize(entry.Key) + 1 + GetValueSize(entry.Value, depth);
        }

        return size;
    }

    private static int GetShortStringSize(string key)
    {
        int size = Encoding.UTF8.GetByteCount(key);
        if (size > 255) throw new ArgumentException($"Field-table key '{AmqpWriter.Truncate(key)}' is over 255 UTF-8 bytes.");
        return size;
    }

    /// <summary>The size of a value without its type tag.</summary>
    private static int GetValueSize(object? value, int depth) => value switch
    {
        null => 0,
        bool or sbyte or byte => 1,
        short or ushort => 2,
        int or uint or float => 4,
        long or double or AmqpTimestamp or DateTimeOffset => 8,
        decimal => 5,
        string s => 4 + Encoding.UTF8.GetByteCount(s),
        byte[] bytes => 4 + bytes.Length,
        ReadOnlyMemory<byte> memory => 4 + memory.Length,
        IReadOnlyDictionary<string, object?> table => 4 + GetTableContentSize(table, depth + 1),
        IDictionary<string, object?> table => 4 + GetTableContentSize(new ReadOnlyDictionaryView(table), depth + 1),
        IList list => 4 + GetArrayContentSize(list, depth + 1),
        _ => throw Unsupported(value),
    };

    private static int GetArrayContentSize(IList list, int depth)
    {
        CheckDepth(depth);
        int size = 0;
        foreach (object? item in list)
        {
            size += 1 + GetValueSize(item, depth);
        }

        return size;
    }

    private static int WriteTableContent(Span<byte> destination, IReadOnlyDictionary<string, object?>? table, int depth)
    {
        if (table is null) return 0;
        CheckDepth(depth);
        int position = 0;
        foreach (KeyValuePair<string, object?> entry in table)
        {
            int keyLength = Encoding.UTF8.GetBytes(entry.Key, destination[(position + 1)..]);
            if (keyLength > 255) throw new ArgumentException($"Field-table key '{AmqpWriter.Truncate(entry.Key)}' is over 255 UTF-8 bytes.");
            destination[position] = (byte)keyLength;
            position += 1 + keyLength;
            position += WriteValue(destination[position..], entry.Value, depth);
        }

        return position;
    }

    private static int WriteArrayContent(Span<byte> destination, IList list, int depth)
    {
        CheckDepth(depth);
        int position = 0;
        foreach (object? item in list)
        {
            position += WriteValue(destination[position..], item, depth);
        }

        return position;
    }

    /// <summary>Writes a type tag and a value; returns the bytes written.</summary>
    private static int WriteValue(Span<byte> destination, object? value, int depth)
    {
        Span<byte> data = destination[1..];
        switch (value)
        {
            case null:
                destination[0] = (byte)'V';
                return 1;
            case bool b:
                destination[0] = (byte)'t';
                data[0] = b ? (byte)1 : (byte)0;
                return 2;
            case sbyte sb:
                destination[0] = (byte)'b';
                data[0] = (byte)sb;
                return 2;
            case byte ub:
                destination[0] = (byte)'B';
                data[0] = ub;
                return 2;
            case short s:
                destination[0] = (byte)'s';
                BinaryPrimitives.WriteInt16BigEndian(data, s);
                return 3;
            case ushort us:
                destination[0] = (byte)'u';
                BinaryPrimitives.WriteUInt16BigEndian(data, us);
                return 3;
            case int i:
                destination[0] = (byte)'I';
                BinaryPrimitives.WriteInt32BigEndian(data, i);
                return 5;
            case uint ui:
                destination[0] = (byte)'i';
                BinaryPrimitives.WriteUInt32BigEndian(data, ui);
                return 5;
            case long l:
                destination[0] = (byte)'l';
                BinaryPrimitives.WriteInt64BigEndian(data, l);
                return 9;
            case float f:
                destination[0] = (byte)'f';
                BinaryPrimitives.WriteSingleBigEndian(data, f);
                return 5;
            case double d:
                destination[0] = (byte)'d';
                BinaryPrimitives.WriteDoubleBigEndian(data, d);
                return 9;
            case decimal m:
                destination[0] = (byte)'D';
                WriteDecimal(data, m);
                return 6;
            case AmqpTimestamp t:
                destination[0] = (byte)'T';
                BinaryPrimitives.WriteInt64BigEndian(data, t.UnixSeconds);
                return 9;
            case DateTimeOffset dto:
                destination[0] = (byte)'T';
                BinaryPrimitives.WriteInt64BigEndian(data, dto.ToUnixTimeSeconds());
                return 9;
            case string str:
            {
                destination[0] = (byte)'S';
                int length = Encoding.UTF8.GetBytes(str, data[4..]);
                BinaryPrimitives.WriteUInt32BigEndian(data, (uint)length);
                return 5 + length;
            }
            case byte[] bytes:
                return WriteByteArray(destination, bytes);
            case ReadOnlyMemory<byte> memory:
                return WriteByteArray(destination, memory.Span);
            case IReadOnlyDictionary<string, object?> table:
                return WriteNestedTable(destination, table, depth);
            case IDictionary<string, object?> table:
                return WriteNestedTable(destination, new ReadOnlyDictionaryView(table), depth);
            case IList list:
            {
                destination[0] = (byte)'A';
                int length = WriteArrayContent(data[4..], list, depth + 1);
                BinaryPrimitives.WriteUInt32BigEndian(data, (uint)length);
                return 5 + length;
            }
            default:
                throw Unsupported(value);
        }
    }

    private static int WriteByteArray(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        destination[0] = (byte)'x';
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)bytes.Length);
        bytes.CopyTo(destination[5..]);
        return 5 + bytes.Length;
    }

    private static int WriteNestedTable(Span<byte> destination, IReadOnlyDictionary<string, object?> table, int depth)
    {
        destination[0] = (byte)'F';
        int length = WriteTableContent(destination[5..], table, depth + 1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
        return 5 + length;
    }

    private static void WriteDecimal(Span<byte> destination, decimal value)
    {
        // A scale octet and the unscaled value as a 32-bit two's complement integer (see the class summary), so
        // -2147483648 fits and 2147483648 does not.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        byte scale = (byte)((bits[3] >> 16) & 0xFF);
        bool negative = bits[3] < 0;
        long unscaled = negative ? -(long)(uint)bits[0] : (uint)bits[0];
        if (bits[1] != 0 || bits[2] != 0 || unscaled is > int.MaxValue or < int.MinValue)
        {
            throw new ArgumentException($"The decimal {value} does not fit an AMQP decimal (a 32-bit two's complement unscaled value).");
        }

        destination[0] = scale;
        BinaryPrimitives.WriteInt32BigEndian(destination[1..], (int)unscaled);
    }

    private static Dictionary<string, object?> ReadTableContent(ReadOnlySequence<byte> content, int depth)
    {
        CheckReadDepth(depth);
        var table = new Dictionary<string, object?>(StringComparer.Ordinal);
        var reader = new AmqpReader(content);
        while (reader.Remaining > 0)
        {
            string key = reader.ReadShortString();
            table[key] = ReadValue(ref reader, depth);
        }

        return table;
    }

    private static List<object?> ReadArrayContent(ReadOnlySequence<byte> content, int depth)
    {
        CheckReadDepth(depth);
        var list = new List<object?>();
        var reader = new AmqpReader(content);
        while (reader.Remaining > 0)
        {
            list.Add(ReadValue(ref reader, depth));
        }

        return list;
    }

    private static object? ReadValue(ref AmqpReader reader, int depth)
    {
        byte tag = reader.ReadOctet();
        switch ((char)tag)
        {
            case 't': return reader.ReadOctet() != 0;
            case 'b': return (sbyte)reader.ReadOctet();
            case 'B': return reader.ReadOctet();
            case 's': return (short)reader.ReadShort();
            case 'u': return reader.ReadShort();
            case 'I': return (int)reader.ReadLong();
            case 'i': return reader.ReadLong();
            case 'l': return (long)reader.ReadLongLong();
            case 'f': return BitConverter.Int32BitsToSingle((int)reader.ReadLong());
            case 'd': return BitConverter.Int64BitsToDouble((long)reader.ReadLongLong());
            case 'D':
            {
                byte scale = reader.ReadOctet();
                int unscaled = (int)reader.ReadLong();
                if (scale > 28) throw ScaleTooLarge(scale);

                long magnitude = Math.Abs((long)unscaled);
                return new decimal((int)(uint)magnitude, 0, 0, unscaled < 0, scale);
            }
            case 'S':
            {
                ReadOnlySequence<byte> bytes = reader.ReadLongStringBytes();
                try
                {
                    return StrictUtf8.GetString(bytes);
                }
                catch (DecoderFallbackException)
                {
                    return bytes.ToArray();
                }
            }
            case 'x': return reader.ReadLongStringBytes().ToArray();
            case 'T': return new AmqpTimestamp((long)reader.ReadLongLong());
            case 'F': return ReadTableContent(reader.ReadLongStringBytes(), depth + 1);
            case 'A': return ReadArrayContent(reader.ReadLongStringBytes(), depth + 1);
            case 'V': return null;
            default:
                throw UnknownTag(tag, reader.Consumed - 1);
        }
    }

    private static AmqpProtocolException ScaleTooLarge(byte scale) =>
        new(ReplyCode.SyntaxError, $"Field table holds a decimal with scale {scale}; at most 28 is supported.");

    private static AmqpProtocolException UnknownTag(byte tag, long offset) => new(
        ReplyCode.SyntaxError,
        $"Field table holds a value with unknown type tag 0x{tag:X2} ('{(tag >= 32 && tag < 127 ? (char)tag : '?')}') at offset {offset}.");

    private static void CheckDepth(int depth)
    {
        if (depth > MaxDepth) throw new ArgumentException($"Field tables nest deeper than {MaxDepth} levels (a cycle?).");
    }

    private static void CheckReadDepth(int depth)
    {
        if (depth > MaxDepth) throw new AmqpProtocolException(ReplyCode.SyntaxError, $"Field table nests deeper than {MaxDepth} levels.");
    }

    private static ArgumentException Unsupported(object value) =>
        new($"Values of type {value.GetType()} cannot be put in an AMQP field table. Use bool, integers, float, double, decimal, string, byte[], AmqpTimestamp, a dictionary of string to object, or a list.");

    /// <summary>Lets a mutable <see cref="IDictionary{TKey,TValue}"/> be written like a read-only one.</summary>
    private sealed class ReadOnlyDictionaryView(IDictionary<string, object?> inner) : IReadOnlyDictionary<string, object?>
    {
        public object? this[string key] => inner[key];
        public IEnumerable<string> Keys => inner.Keys;
        public IEnumerable<object?> Values => inner.Values;
        public int Count => inner.Count;
        public bool ContainsKey(string key) => inner.ContainsKey(key);
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => inner.GetEnumerator();
        public bool TryGetValue(string key, out object? value) => inner.TryGetValue(key, out value);
        IEnumerator IEnumerable.GetEnumerator() => inner.GetEnumerator();
    }
}
