using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace TypedAmqp.Amqp10;

/// <summary>
/// Any AMQP 1.0 value, for decoding content whose shape is not known in advance (unknown fields, annotations,
/// application properties shown to a user) and for tests. Hot paths read and write with
/// <see cref="Amqp10Reader"/>/<see cref="Amqp10Writer"/> directly and never need it.
/// </summary>
/// <remarks>
/// Fixed-width values are held inline; strings, symbols, binaries and compounds by reference (a list is an
/// <see cref="Amqp10Value"/> array, a map its keys and values alternating, in wire order).
/// <see cref="ToString"/> is a canonical text form (numbers exact, floating point as bits, strings as UTF-8 hex) that the
/// interop test's Python side prints identically; equality compares that form.
/// </remarks>
internal readonly struct Amqp10Value : IEquatable<Amqp10Value>
{
    private readonly ulong _bits;
    private readonly ulong _bits2;
    private readonly object? _reference;

    private Amqp10Value(Amqp10Type type, ulong bits, ulong bits2 = 0, object? reference = null)
    {
        Type = type;
        _bits = bits;
        _bits2 = bits2;
        _reference = reference;
    }

    public Amqp10Type Type { get; }

    public static Amqp10Value Null => new(Amqp10Type.Null, 0);

    public static Amqp10Value Boolean(bool value) => new(Amqp10Type.Boolean, value ? 1UL : 0UL);

    public static Amqp10Value UByte(byte value) => new(Amqp10Type.UByte, value);

    public static Amqp10Value UShort(ushort value) => new(Amqp10Type.UShort, value);

    public static Amqp10Value UInt(uint value) => new(Amqp10Type.UInt, value);

    public static Amqp10Value ULong(ulong value) => new(Amqp10Type.ULong, value);

    public static Amqp10Value Byte(sbyte value) => new(Amqp10Type.Byte, (ulong)(long)value);

    public static Amqp10Value Short(short value) => new(Amqp10Type.Short, (ulong)(long)value);

    public static Amqp10Value Int(int value) => new(Amqp10Type.Int, (ulong)(long)value);

    public static Amqp10Value Long(long value) => new(Amqp10Type.Long, (ulong)value);

    public static Amqp10Value Float(float value) => new(Amqp10Type.Float, BitConverter.SingleToUInt32Bits(value));

    public static Amqp10Value Double(double value) => new(Amqp10Type.Double, BitConverter.DoubleToUInt64Bits(value));

    public static Amqp10Value Decimal32(Amqp10Decimal32 value) => new(Amqp10Type.Decimal32, value.Bits);

    public static Amqp10Value Decimal64(Amqp10Decimal64 value) => new(Amqp10Type.Decimal64, value.Bits);

    public static Amqp10Value Decimal128(Amqp10Decimal128 value) => new(Amqp10Type.Decimal128, value.High, value.Low);

    public static Amqp10Value Char(Rune value) => new(Amqp10Type.Char, (ulong)value.Value);

    public static Amqp10Value Timestamp(Amqp10Timestamp value) => new(Amqp10Type.Timestamp, (ulong)value.Milliseconds);

    public static Amqp10Value Uuid(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return new(Amqp10Type.Uuid, BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    public static Amqp10Value Binary(byte[] value) => new(Amqp10Type.Binary, 0, 0, value);

    public static Amqp10Value String(string value) => new(Amqp10Type.String, 0, 0, value);

    /// <summary>A symbol; <paramref name="value"/> must be ASCII (the writer refuses anything else).</summary>
    public static Amqp10Value Symbol(string value) => new(Amqp10Type.Symbol, 0, 0, value);

    public static Amqp10Value List(params Amqp10Value[] elements) => new(Amqp10Type.List, 0, 0, elements);

    /// <summary>A map from its keys and values alternating (key, value, key, value...), kept in this order.</summary>
    public static Amqp10Value Map(params Amqp10Value[] keysAndValues)
    {
        if ((keysAndValues.Length & 1) != 0) throw new ArgumentException("A map needs as many values as keys.", nameof(keysAndValues));
        return new(Amqp10Type.Map, 0, 0, keysAndValues);
    }

    /// <summary>An array: every element of type <paramref name="elementType"/>, optionally all described by <paramref name="descriptor"/>.</summary>
    public static Amqp10Value Array(Amqp10Type elementType, Amqp10Value? descriptor, params Amqp10Value[] elements)
    {
        if (elementType is Amqp10Type.Unknown or Amqp10Type.Described) throw new ArgumentException("Array elements have a primitive type.", nameof(elementType));
        foreach (Amqp10Value element in elements)
        {
            if (element.Type != elementType) throw new ArgumentException($"An array of {elementType} cannot hold a {element.Type}.", nameof(elements));
        }

        return new(Amqp10Type.Array, 0, 0, new Amqp10ArrayValue(elementType, descriptor, elements));
    }

    public static Amqp10Value Described(Amqp10Value descriptor, Amqp10Value value) =>
        new(Amqp10Type.Described, 0, 0, new Amqp10DescribedValue(descriptor, value));

    public bool AsBoolean => _bits != 0;

    public ulong AsUnsigned => _bits;

    public long AsSigned => (long)_bits;

    public float AsFloat => BitConverter.UInt32BitsToSingle((uint)_bits);

    public double AsDouble => BitConverter.UInt64BitsToDouble(_bits);

    public Amqp10Decimal32 AsDecimal32 => new((uint)_bits);

    public Amqp10Decimal64 AsDecimal64 => new(_bits);

    public Amqp10Decimal128 AsDecimal128 => new(_bits, _bits2);

    public Rune AsChar => new((int)_bits);

    public Amqp10Timestamp AsTimestamp => new((long)_bits);

    public Guid AsUuid
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, _bits);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _bits2);
            return new Guid(bytes, bigEndian: true);
        }
    }

    public byte[] AsBinary => (byte[])_reference!;

    /// <summary>The text of a string or a symbol.</summary>
    public string AsText => (string)_reference!;

    /// <summary>A list's elements, or a map's keys and values alternating.</summary>
    public Amqp10Value[] AsElements => (Amqp10Value[])_reference!;

    public Amqp10ArrayValue AsArray => (Amqp10ArrayValue)_reference!;

    public Amqp10DescribedValue AsDescribed => (Amqp10DescribedValue)_reference!;

    public bool Equals(Amqp10Value other) => Type == other.Type && ToString() == other.ToString();

    public override bool Equals(object? obj) => obj is Amqp10Value other && Equals(other);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(Amqp10Value left, Amqp10Value right) => left.Equals(right);

    public static bool operator !=(Amqp10Value left, Amqp10Value right) => !left.Equals(right);

    public override string ToString()
    {
        var text = new StringBuilder();
        AppendTo(text);
        return text.ToString();
    }

    /// <summary>The canonical form's name of each type (also the array element type in <c>array&lt;…&gt;</c>).</summary>
    public static string TypeName(Amqp10Type type) => type switch
    {
        Amqp10Type.Decimal32 => "decimal32",
        Amqp10Type.Decimal64 => "decimal64",
        Amqp10Type.Decimal128 => "decimal128",
        _ => type.ToString().ToLowerInvariant(),
    };

    internal void AppendTo(StringBuilder text)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        switch (Type)
        {
            case Amqp10Type.Null:
                text.Append("null");
                return;
            case Amqp10Type.Boolean:
                text.Append(AsBoolean ? "bool:true" : "bool:false");
                return;
            case Amqp10Type.UByte or Amqp10Type.UShort or Amqp10Type.UInt or Amqp10Type.ULong:
                text.Append(TypeName(Type)).Append(':').Append(_bits.ToString(invariant));
                return;
            case Amqp10Type.Byte or Amqp10Type.Short or Amqp10Type.Int or Amqp10Type.Long or Amqp10Type.Timestamp:
                text.Append(TypeName(Type)).Append(':').Append(((long)_bits).ToString(invariant));
                return;
            case Amqp10Type.Float or Amqp10Type.Decimal32:
                text.Append(TypeName(Type)).Append(":0x").Append(((uint)_bits).ToString("x8", invariant));
                return;
            case Amqp10Type.Double or Amqp10Type.Decimal64:
                text.Append(TypeName(Type)).Append(":0x").Append(_bits.ToString("x16", invariant));
                return;
            case Amqp10Type.Decimal128:
                text.Append("decimal128:0x").Append(_bits.ToString("x16", invariant)).Append(_bits2.ToString("x16", invariant));
                return;
            case Amqp10Type.Char:
                text.Append("char:0x").Append(_bits.ToString("x", invariant));
                return;
            case Amqp10Type.Uuid:
                text.Append("uuid:").Append(AsUuid.ToString("D"));
                return;
            case Amqp10Type.Binary:
                text.Append("binary:").Append(Convert.ToHexStringLower(AsBinary));
                return;
            case Amqp10Type.String:
                text.Append("string:").Append(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(AsText)));
                return;
            case Amqp10Type.Symbol:
                text.Append("symbol:").Append(Convert.ToHexStringLower(Encoding.ASCII.GetBytes(AsText)));
                return;
            case Amqp10Type.List:
                text.Append("list[");
                AppendElements(text, AsElements, ',');
                text.Append(']');
                return;
            case Amqp10Type.Map:
                text.Append("map{");
                Amqp10Value[] entries = AsElements;
                for (int i = 0; i < entries.Length; i += 2)
                {
                    if (i > 0) text.Append(',');
                    entries[i].AppendTo(text);
                    text.Append('=');
                    entries[i + 1].AppendTo(text);
                }

                text.Append('}');
                return;
            case Amqp10Type.Array:
                Amqp10ArrayValue array = AsArray;
                text.Append("array<");
                if (array.Descriptor is { } descriptor)
                {
                    text.Append("described(");
                    descriptor.AppendTo(text);
                    text.Append("):");
                }

                text.Append(TypeName(array.ElementType)).Append(">[");
                AppendElements(text, array.Elements, ',');
                text.Append(']');
                return;
            case Amqp10Type.Described:
                Amqp10DescribedValue described = AsDescribed;
                text.Append("described(");
                described.Descriptor.AppendTo(text);
                text.Append(',');
                described.Value.AppendTo(text);
                text.Append(')');
                return;
            default:
                text.Append("unknown");
                return;
        }
    }

    private static void AppendElements(StringBuilder text, Amqp10Value[] elements, char separator)
    {
        for (int i = 0; i < elements.Length; i++)
        {
            if (i > 0) text.Append(separator);
            elements[i].AppendTo(text);
        }
    }
}

/// <summary>An array's element type, shared descriptor (if its elements are described) and elements.</summary>
internal sealed record Amqp10ArrayValue(Amqp10Type ElementType, Amqp10Value? Descriptor, Amqp10Value[] Elements);

/// <summary>A described value: its descriptor (usually a ulong or a symbol) and the value.</summary>
internal sealed record Amqp10DescribedValue(Amqp10Value Descriptor, Amqp10Value Value);
