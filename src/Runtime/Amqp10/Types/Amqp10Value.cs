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
public readonly struct Amqp10Value : IEquatable<Amqp10Value>
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

    /// <summary>The value's type.</summary>
    public Amqp10Type Type { get; }

    /// <summary>null.</summary>
    public static Amqp10Value Null => new(Amqp10Type.Null, 0);

    /// <summary>A boolean.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Boolean(bool value) => new(Amqp10Type.Boolean, value ? 1UL : 0UL);

    /// <summary>A ubyte.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value UByte(byte value) => new(Amqp10Type.UByte, value);

    /// <summary>A ushort.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value UShort(ushort value) => new(Amqp10Type.UShort, value);

    /// <summary>A uint.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value UInt(uint value) => new(Amqp10Type.UInt, value);

    /// <summary>A ulong.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value ULong(ulong value) => new(Amqp10Type.ULong, value);

    /// <summary>A byte (signed).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Byte(sbyte value) => new(Amqp10Type.Byte, (ulong)(long)value);

    /// <summary>A short.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Short(short value) => new(Amqp10Type.Short, (ulong)(long)value);

    /// <summary>An int.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Int(int value) => new(Amqp10Type.Int, (ulong)(long)value);

    /// <summary>A long.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Long(long value) => new(Amqp10Type.Long, (ulong)value);

    /// <summary>A float.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Float(float value) => new(Amqp10Type.Float, BitConverter.SingleToUInt32Bits(value));

    /// <summary>A double.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Double(double value) => new(Amqp10Type.Double, BitConverter.DoubleToUInt64Bits(value));

    /// <summary>A decimal32.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Decimal32(Amqp10Decimal32 value) => new(Amqp10Type.Decimal32, value.Bits);

    /// <summary>A decimal64.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Decimal64(Amqp10Decimal64 value) => new(Amqp10Type.Decimal64, value.Bits);

    /// <summary>A decimal128.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Decimal128(Amqp10Decimal128 value) => new(Amqp10Type.Decimal128, value.High, value.Low);

    /// <summary>A char.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Char(Rune value) => new(Amqp10Type.Char, (ulong)value.Value);

    /// <summary>A timestamp.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Timestamp(Amqp10Timestamp value) => new(Amqp10Type.Timestamp, (ulong)value.Milliseconds);

    /// <summary>A uuid.</summary>
    /// <param name="value">The UUID (sent in RFC 4122 byte order).</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Uuid(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return new(Amqp10Type.Uuid, BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>A binary.</summary>
    /// <param name="value">The bytes (kept, not copied).</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Binary(byte[] value) => new(Amqp10Type.Binary, 0, 0, value);

    /// <summary>A string.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value String(string value) => new(Amqp10Type.String, 0, 0, value);

    /// <summary>A symbol; <paramref name="value"/> must be ASCII (the writer refuses anything else).</summary>
    public static Amqp10Value Symbol(string value) => new(Amqp10Type.Symbol, 0, 0, value);

    /// <summary>A list.</summary>
    /// <param name="elements">The elements, in order.</param>
    /// <returns>The value.</returns>
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

    /// <summary>A described value.</summary>
    /// <param name="descriptor">Its descriptor, usually a ulong or a symbol.</param>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static Amqp10Value Described(Amqp10Value descriptor, Amqp10Value value) =>
        new(Amqp10Type.Described, 0, 0, new Amqp10DescribedValue(descriptor, value));

    /// <summary>A boolean's value.</summary>
    public bool AsBoolean => _bits != 0;

    /// <summary>An unsigned integer's value (ubyte, ushort, uint, ulong).</summary>
    public ulong AsUnsigned => _bits;

    /// <summary>A signed integer's value (byte, short, int, long).</summary>
    public long AsSigned => (long)_bits;

    /// <summary>A float's value.</summary>
    public float AsFloat => BitConverter.UInt32BitsToSingle((uint)_bits);

    /// <summary>A double's value.</summary>
    public double AsDouble => BitConverter.UInt64BitsToDouble(_bits);

    /// <summary>A decimal32's bits.</summary>
    public Amqp10Decimal32 AsDecimal32 => new((uint)_bits);

    /// <summary>A decimal64's bits.</summary>
    public Amqp10Decimal64 AsDecimal64 => new(_bits);

    /// <summary>A decimal128's bits.</summary>
    public Amqp10Decimal128 AsDecimal128 => new(_bits, _bits2);

    /// <summary>A char's value.</summary>
    public Rune AsChar => new((int)_bits);

    /// <summary>A timestamp's value.</summary>
    public Amqp10Timestamp AsTimestamp => new((long)_bits);

    /// <summary>A uuid's value.</summary>
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

    /// <summary>A binary's bytes.</summary>
    public byte[] AsBinary => (byte[])_reference!;

    /// <summary>The text of a string or a symbol.</summary>
    public string AsText => (string)_reference!;

    /// <summary>A list's elements, or a map's keys and values alternating.</summary>
    public Amqp10Value[] AsElements => (Amqp10Value[])_reference!;

    /// <summary>An array's element type, descriptor and elements.</summary>
    public Amqp10ArrayValue AsArray => (Amqp10ArrayValue)_reference!;

    /// <summary>A described value's descriptor and value.</summary>
    public Amqp10DescribedValue AsDescribed => (Amqp10DescribedValue)_reference!;

    /// <summary>Whether both have the same type and canonical text.</summary>
    /// <param name="other">The other value.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(Amqp10Value other) => Type == other.Type && ToString() == other.ToString();

    /// <summary>Whether <paramref name="obj"/> is an equal <see cref="Amqp10Value"/>.</summary>
    /// <param name="obj">The other object.</param>
    /// <returns>True when equal.</returns>
    public override bool Equals(object? obj) => obj is Amqp10Value other && Equals(other);

    /// <summary>A hash of the canonical text.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>Whether the values are equal.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(Amqp10Value left, Amqp10Value right) => left.Equals(right);

    /// <summary>Whether the values differ.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when they differ.</returns>
    public static bool operator !=(Amqp10Value left, Amqp10Value right) => !left.Equals(right);

    /// <summary>The canonical text form, such as <c>string:68656c6c6f</c> (see the type's remarks).</summary>
    /// <returns>The text.</returns>
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
public sealed record Amqp10ArrayValue(Amqp10Type ElementType, Amqp10Value? Descriptor, Amqp10Value[] Elements);

/// <summary>A described value: its descriptor (usually a ulong or a symbol) and the value.</summary>
public sealed record Amqp10DescribedValue(Amqp10Value Descriptor, Amqp10Value Value);
