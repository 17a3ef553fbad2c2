namespace TypedAmqp.Amqp10;

/// <summary>
/// Reading and writing the fields of a composite type (a described list, part 1 section 1.4): optional fields as null
/// or absent, mandatory ones checked, "multiple" symbols as one symbol or an array.
/// </summary>
/// <remarks>
/// A composite is written with its fields up to the last one set: nulls for omitted trailing fields are left out
/// (part 1 section 1.4 allows it, and it keeps flows and dispositions small). On reading, a field past the list's end
/// is the same as null, and fields after the ones this engine knows are ignored (the list reader is bounded by the
/// list's size, so its parent is already past them).
/// </remarks>
internal static class Amqp10Fields
{
    /// <summary>
    /// Reads the described constructor and descriptor of a composite, checks the descriptor, and returns a reader over
    /// its list of fields.
    /// </summary>
    public static Amqp10Reader ReadComposite(scoped ref Amqp10Reader reader, ulong descriptor)
    {
        long at = reader.Offset;
        ulong code = reader.ReadDescriptorCode();
        if (code != descriptor)
        {
            throw new Amqp10DecodeException($"expected the descriptor 0x{descriptor:x2} ({Amqp10Descriptors.NameOf(descriptor)}), found 0x{code:x}", at);
        }

        return reader.ReadList();
    }

    /// <summary>Whether the next field is present and not null; a null is consumed, a field past the end is absent.</summary>
    public static bool Present(ref Amqp10Reader fields) => !fields.IsEnd && !fields.TryReadNull();

    /// <summary>Throws <c>amqp:invalid-field</c> when a mandatory field is absent or null.</summary>
    public static void Require(ref Amqp10Reader fields, string composite, string field)
    {
        if (!Present(ref fields))
        {
            throw new Amqp10ProtocolException(Amqp10Conditions.InvalidField, $"the {composite} has no {field}, a mandatory field");
        }
    }

    public static uint? ReadUIntOrNull(ref Amqp10Reader fields) => Present(ref fields) ? fields.ReadUInt() : null;

    public static ulong? ReadULongOrNull(ref Amqp10Reader fields) => Present(ref fields) ? fields.ReadULong() : null;

    public static ushort? ReadUShortOrNull(ref Amqp10Reader fields) => Present(ref fields) ? fields.ReadUShort() : null;

    public static byte? ReadUByteOrNull(ref Amqp10Reader fields) => Present(ref fields) ? fields.ReadUByte() : null;

    public static bool? ReadBooleanOrNull(ref Amqp10Reader fields) => Present(ref fields) ? fields.ReadBoolean() : null;

    public static string? ReadStringOrNull(ref Amqp10Reader fields) => Present(ref fields) ? fields.ReadString() : null;

    public static string? ReadSymbolOrNull(ref Amqp10Reader fields) => Present(ref fields) ? fields.ReadSymbol() : null;

    public static byte[]? ReadBinaryOrNull(ref Amqp10Reader fields) => Present(ref fields) ? fields.ReadBinary().ToArray() : null;

    /// <summary>A map (fields, filter-set, annotations...) of any content, through the value model.</summary>
    public static Amqp10Value? ReadMapOrNull(ref Amqp10Reader fields)
    {
        if (!Present(ref fields)) return null;
        long at = fields.Offset;
        Amqp10Value value = Amqp10ValueCodec.Read(ref fields);
        if (value.Type != Amqp10Type.Map) throw new Amqp10DecodeException($"expected a map, found a {Amqp10Value.TypeName(value.Type)}", at);
        return value;
    }

    /// <summary>A "multiple" symbol field (part 1 section 1.4): one symbol, or an array of them.</summary>
    public static string[]? ReadSymbolsOrNull(ref Amqp10Reader fields)
    {
        if (!Present(ref fields)) return null;
        if (fields.PeekType() == Amqp10Type.Symbol) return [fields.ReadSymbol()];
        long at = fields.Offset;
        Amqp10Reader array = fields.ReadArray();
        if (array.HasArrayDescriptor || Amqp10FormatCode.TypeOf(array.ArrayElementConstructor) != Amqp10Type.Symbol)
        {
            throw new Amqp10DecodeException("expected a symbol or an array of symbols", at);
        }

        var symbols = new string[array.Count];
        for (int i = 0; i < symbols.Length; i++) symbols[i] = array.ReadSymbol();
        return symbols;
    }

    public static void WriteUIntOrNull(ref Amqp10Writer writer, uint? value)
    {
        if (value is { } v) writer.WriteUInt(v);
        else writer.WriteNull();
    }

    public static void WriteULongOrNull(ref Amqp10Writer writer, ulong? value)
    {
        if (value is { } v) writer.WriteULong(v);
        else writer.WriteNull();
    }

    public static void WriteUShortOrNull(ref Amqp10Writer writer, ushort? value)
    {
        if (value is { } v) writer.WriteUShort(v);
        else writer.WriteNull();
    }

    public static void WriteUByteOrNull(ref Amqp10Writer writer, byte? value)
    {
        if (value is { } v) writer.WriteUByte(v);
        else writer.WriteNull();
    }

    public static void WriteBooleanOrNull(ref Amqp10Writer writer, bool? value)
    {
        if (value is { } v) writer.WriteBoolean(v);
        else writer.WriteNull();
    }

    public static void WriteStringOrNull(ref Amqp10Writer writer, string? value)
    {
        if (value is not null) writer.WriteString(value);
        else writer.WriteNull();
    }

    public static void WriteSymbolOrNull(ref Amqp10Writer writer, string? value)
    {
        if (value is not null) writer.WriteSymbol(value);
        else writer.WriteNull();
    }

    public static void WriteBinaryOrNull(ref Amqp10Writer writer, byte[]? value)
    {
        if (value is not null) writer.WriteBinary(value);
        else writer.WriteNull();
    }

    public static void WriteMapOrNull(ref Amqp10Writer writer, Amqp10Value? value)
    {
        if (value is { } map)
        {
            if (map.Type != Amqp10Type.Map) throw new ArgumentException($"A map was expected, not a {Amqp10Value.TypeName(map.Type)}.", nameof(value));
            Amqp10ValueCodec.Write(ref writer, map);
        }
        else
        {
            writer.WriteNull();
        }
    }

    /// <summary>Writes symbols as an array (sym8 elements when every one fits, else sym32), whatever their number.</summary>
    public static void WriteSymbolsOrNull(ref Amqp10Writer writer, string[]? symbols)
    {
        if (symbols is null)
        {
            writer.WriteNull();
            return;
        }

        bool small = true;
        foreach (string symbol in symbols) small &= symbol.Length <= byte.MaxValue;
        Amqp10Compound array = writer.BeginArray(small ? Amqp10FormatCode.Symbol8 : Amqp10FormatCode.Symbol32);
        foreach (string symbol in symbols) writer.WriteSymbol(symbol);
        writer.EndArray(array);
    }

    /// <summary>How many fields to write: one past the last that is set (<paramref name="set"/> lists them in order).</summary>
    public static int Count(ReadOnlySpan<bool> set)
    {
        for (int i = set.Length - 1; i >= 0; i--)
        {
            if (set[i]) return i + 1;
        }

        return 0;
    }
}
