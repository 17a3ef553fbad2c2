using System.Buffers.Binary;
using System.Text;

namespace TypedAmqp.Amqp10;

/// <summary>
/// Writes AMQP 1.0 values (part 1, "Types") into a span, choosing the smallest encoding of each value: uint0 and
/// smalluint, true/false, list0, and the 8-bit forms of strings, lists, maps and arrays when size and count fit.
/// No I/O, no allocation; running out of room is an <see cref="ArgumentException"/> (the caller sizes the buffer,
/// later the frame, up front).
/// </summary>
/// <remarks>
/// <para>
/// Lists, maps and arrays are opened with <c>Begin…</c>, filled with the ordinary <c>Write…</c> calls and closed with
/// the matching <c>End…</c>. The writer counts the elements itself and back-patches the header once the content is
/// written: it reserves the 32-bit header and, when size and count fit in a byte, moves the content down to the 8-bit
/// one (at most 255 bytes move), so nothing is measured twice.
/// </para>
/// <para>
/// Inside an array every element shares the array's constructor, so there each <c>Write…</c> writes only the value's
/// bytes, in the element encoding given to <see cref="BeginArray(byte)"/>; a value that encoding cannot hold (a uint
/// over 255 in a smalluint array, a string of another type) is an <see cref="InvalidOperationException"/>.
/// </para>
/// </remarks>
internal ref struct Amqp10Writer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Span<byte> _buffer;
    private int _position;
    private int _count;
    private byte _arrayCode;
    private int _depth;

    public Amqp10Writer(Span<byte> destination)
    {
        _buffer = destination;
    }

    /// <summary>The bytes written so far.</summary>
    public readonly int Written => _position;

    /// <summary>The values written at the current level (top level or the open compound).</summary>
    public readonly int Count => _count;

    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer[.._position];

    public void WriteNull()
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.Null, "null");
        else Put(Amqp10FormatCode.Null);
        _count++;
    }

    public void WriteBoolean(bool value)
    {
        if (_arrayCode != 0)
        {
            if (_arrayCode == Amqp10FormatCode.Boolean) Put(value ? (byte)1 : (byte)0);
            else if (_arrayCode != (value ? Amqp10FormatCode.BooleanTrue : Amqp10FormatCode.BooleanFalse)) throw ElementMismatch("boolean");
        }
        else
        {
            Put(value ? Amqp10FormatCode.BooleanTrue : Amqp10FormatCode.BooleanFalse);
        }

        _count++;
    }

    public void WriteUByte(byte value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.UByte, "ubyte");
        else Put(Amqp10FormatCode.UByte);
        Put(value);
        _count++;
    }

    public void WriteByte(sbyte value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.Byte, "byte");
        else Put(Amqp10FormatCode.Byte);
        Put((byte)value);
        _count++;
    }

    public void WriteUShort(ushort value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.UShort, "ushort");
        else Put(Amqp10FormatCode.UShort);
        BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);
        _count++;
    }

    public void WriteShort(short value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.Short, "short");
        else Put(Amqp10FormatCode.Short);
        BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);
        _count++;
    }

    public void WriteUInt(uint value)
    {
        byte code = _arrayCode;
        if (code == 0)
        {
            if (value == 0)
            {
                Put(Amqp10FormatCode.UInt0);
            }
            else if (value <= byte.MaxValue)
            {
                Span<byte> span = Reserve(2);
                span[0] = Amqp10FormatCode.SmallUInt;
                span[1] = (byte)value;
            }
            else
            {
                Span<byte> span = Reserve(5);
                span[0] = Amqp10FormatCode.UInt;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], value);
            }
        }
        else if (code == Amqp10FormatCode.UInt) BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);
        else if (code == Amqp10FormatCode.SmallUInt && value <= byte.MaxValue) Put((byte)value);
        else if (code != Amqp10FormatCode.UInt0 || value != 0) throw ElementMismatch("uint");

        _count++;
    }

    public void WriteULong(ulong value)
    {
        byte code = _arrayCode;
        if (code == 0)
        {
            if (value == 0)
            {
                Put(Amqp10FormatCode.ULong0);
            }
            else if (value <= byte.MaxValue)
            {
                Span<byte> span = Reserve(2);
                span[0] = Amqp10FormatCode.SmallULong;
                span[1] = (byte)value;
            }
            else
            {
                Span<byte> span = Reserve(9);
                span[0] = Amqp10FormatCode.ULong;
                BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            }
        }
        else if (code == Amqp10FormatCode.ULong) BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value);
        else if (code == Amqp10FormatCode.SmallULong && value <= byte.MaxValue) Put((byte)value);
        else if (code != Amqp10FormatCode.ULong0 || value != 0) throw ElementMismatch("ulong");

        _count++;
    }

    public void WriteInt(int value)
    {
        byte code = _arrayCode;
        if (code == 0)
        {
            if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
            {
                Span<byte> span = Reserve(2);
                span[0] = Amqp10FormatCode.SmallInt;
                span[1] = (byte)(sbyte)value;
            }
            else
            {
                Span<byte> span = Reserve(5);
                span[0] = Amqp10FormatCode.Int;
                BinaryPrimitives.WriteInt32BigEndian(span[1..], value);
            }
        }
        else if (code == Amqp10FormatCode.Int) BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);
        else if (code == Amqp10FormatCode.SmallInt && value is >= sbyte.MinValue and <= sbyte.MaxValue) Put((byte)(sbyte)value);
        else throw ElementMismatch("int");

        _count++;
    }

    public void WriteLong(long value)
    {
        byte code = _arrayCode;
        if (code == 0)
        {
            if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
            {
                Span<byte> span = Reserve(2);
                span[0] = Amqp10FormatCode.SmallLong;
                span[1] = (byte)(sbyte)value;
            }
            else
            {
                Span<byte> span = Reserve(9);
                span[0] = Amqp10FormatCode.Long;
                BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            }
        }
        else if (code == Amqp10FormatCode.Long) BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);
        else if (code == Amqp10FormatCode.SmallLong && value is >= sbyte.MinValue and <= sbyte.MaxValue) Put((byte)(sbyte)value);
        else throw ElementMismatch("long");

        _count++;
    }

    public void WriteFloat(float value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.Float, "float");
        else Put(Amqp10FormatCode.Float);
        BinaryPrimitives.WriteSingleBigEndian(Reserve(4), value);
        _count++;
    }

    public void WriteDouble(double value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.Double, "double");
        else Put(Amqp10FormatCode.Double);
        BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), value);
        _count++;
    }

    public void WriteDecimal32(Amqp10Decimal32 value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.Decimal32, "decimal32");
        else Put(Amqp10FormatCode.Decimal32);
        BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value.Bits);
        _count++;
    }

    public void WriteDecimal64(Amqp10Decimal64 value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.Decimal64, "decimal64");
        else Put(Amqp10FormatCode.Decimal64);
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value.Bits);
        _count++;
    }

    public void WriteDecimal128(Amqp10Decimal128 value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.Decimal128, "decimal128");
        else Put(Amqp10FormatCode.Decimal128);
        Span<byte> span = Reserve(16);
        BinaryPrimitives.WriteUInt64BigEndian(span, value.High);
        BinaryPrimitives.WriteUInt64BigEndian(span[8..], value.Low);
        _count++;
    }

    /// <summary>Writes a char: one Unicode scalar value as UTF-32 (a <see cref="Rune"/> cannot be a surrogate).</summary>
    public void WriteChar(Rune value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.Char, "char");
        else Put(Amqp10FormatCode.Char);
        BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value.Value);
        _count++;
    }

    public void WriteTimestamp(Amqp10Timestamp value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.Timestamp, "timestamp");
        else Put(Amqp10FormatCode.Timestamp);
        BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value.Milliseconds);
        _count++;
    }

    public void WriteTimestamp(DateTimeOffset value) => WriteTimestamp(Amqp10Timestamp.FromDateTimeOffset(value));

    /// <summary>Writes a uuid in RFC 4122 byte order (big-endian fields, as <see cref="Guid.ToString()"/> shows them).</summary>
    public void WriteUuid(Guid value)
    {
        if (_arrayCode != 0) RequireElement(Amqp10FormatCode.Uuid, "uuid");
        else Put(Amqp10FormatCode.Uuid);
        value.TryWriteBytes(Reserve(16), bigEndian: true, out _);
        _count++;
    }

    public void WriteBinary(ReadOnlySpan<byte> value) =>
        WriteVariable(value, Amqp10FormatCode.Binary8, Amqp10FormatCode.Binary32, "binary");

    /// <summary>Writes a string already encoded as UTF-8 (not checked: the caller vouches for it).</summary>
    public void WriteStringUtf8(ReadOnlySpan<byte> utf8) =>
        WriteVariable(utf8, Amqp10FormatCode.String8, Amqp10FormatCode.String32, "string");

    /// <summary>Writes a string; one with a lone surrogate (which UTF-8 cannot carry) is an <see cref="ArgumentException"/>.</summary>
    public void WriteString(string value)
    {
        int length;
        try
        {
            length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The string holds a lone surrogate, which UTF-8 cannot encode.", nameof(value), e);
        }

        Span<byte> bytes = ReserveVariable(length, Amqp10FormatCode.String8, Amqp10FormatCode.String32, "string");
        StrictUtf8.GetBytes(value, bytes);
        _count++;
    }

    /// <summary>Writes a symbol from its ASCII bytes; a byte over 0x7F is an <see cref="ArgumentException"/>.</summary>
    public void WriteSymbol(ReadOnlySpan<byte> ascii)
    {
        if (!Ascii.IsValid(ascii)) throw new ArgumentException("A symbol is ASCII only.", nameof(ascii));
        WriteVariable(ascii, Amqp10FormatCode.Symbol8, Amqp10FormatCode.Symbol32, "symbol");
    }

    public void WriteSymbol(string value)
    {
        if (!Ascii.IsValid(value)) throw new ArgumentException("A symbol is ASCII only.", nameof(value));
        Span<byte> bytes = ReserveVariable(value.Length, Amqp10FormatCode.Symbol8, Amqp10FormatCode.Symbol32, "symbol");
        Encoding.ASCII.GetBytes(value, bytes);
        _count++;
    }

    /// <summary>
    /// Starts a described value: writes the 0x00 constructor; the next value written is the descriptor, the one
    /// after it the described value, and together they count as one element.
    /// </summary>
    public void WriteDescribedConstructor()
    {
        if (_arrayCode != 0) throw new InvalidOperationException("The elements of an array share the descriptor in the array's constructor.");
        Put(Amqp10FormatCode.Described);
        _count--;
    }

    /// <summary>Starts a described value whose descriptor is a numeric code (domain id in the high 32 bits).</summary>
    public void WriteDescriptor(ulong code)
    {
        WriteDescribedConstructor();
        WriteULong(code);
    }

    /// <summary>Starts a described value whose descriptor is a symbol (ASCII).</summary>
    public void WriteDescriptor(ReadOnlySpan<byte> symbol)
    {
        WriteDescribedConstructor();
        WriteSymbol(symbol);
    }

    public Amqp10Compound BeginList() => BeginCompound(Amqp10FormatCode.List32, Amqp10FormatCode.List8, "list");

    public void EndList(Amqp10Compound list) => EndCompound(list, Amqp10FormatCode.List0, Amqp10FormatCode.List8, Amqp10FormatCode.List32);

    public Amqp10Compound BeginMap() => BeginCompound(Amqp10FormatCode.Map32, Amqp10FormatCode.Map8, "map");

    public void EndMap(Amqp10Compound map)
    {
        if ((_count & 1) != 0) throw new InvalidOperationException($"A map holds key-value pairs, but {_count} values were written into it.");
        EndCompound(map, 0, Amqp10FormatCode.Map8, Amqp10FormatCode.Map32);
    }

    /// <summary>
    /// Starts an array whose elements all use <paramref name="elementConstructor"/> (an
    /// <see cref="Amqp10FormatCode"/> other than <see cref="Amqp10FormatCode.Described"/>), written once.
    /// </summary>
    public Amqp10Compound BeginArray(byte elementConstructor)
    {
        Amqp10Compound array = BeginArrayHeader(elementConstructor);
        Put(elementConstructor);
        return StartArrayElements(array, elementConstructor);
    }

    /// <summary>Starts an array of described values sharing the descriptor <paramref name="descriptor"/>.</summary>
    public Amqp10Compound BeginArray(ulong descriptor, byte elementConstructor)
    {
        Amqp10Compound array = BeginArrayHeader(elementConstructor);
        Put(Amqp10FormatCode.Described);
        WriteULong(descriptor);
        Put(elementConstructor);
        return StartArrayElements(array, elementConstructor);
    }

    /// <summary>Starts an array of described values sharing the symbolic descriptor <paramref name="descriptor"/>.</summary>
    public Amqp10Compound BeginArray(ReadOnlySpan<byte> descriptor, byte elementConstructor)
    {
        Amqp10Compound array = BeginArrayHeader(elementConstructor);
        Put(Amqp10FormatCode.Described);
        WriteSymbol(descriptor);
        Put(elementConstructor);
        return StartArrayElements(array, elementConstructor);
    }

    public void EndArray(Amqp10Compound array) => EndCompound(array, 0, Amqp10FormatCode.Array8, Amqp10FormatCode.Array32);

    private Amqp10Compound BeginArrayHeader(byte elementConstructor)
    {
        if (elementConstructor == Amqp10FormatCode.Described || Amqp10FormatCode.FixedWidth(elementConstructor) == -2)
        {
            throw new ArgumentException($"0x{elementConstructor:x2} is not an element constructor.", nameof(elementConstructor));
        }

        return BeginCompound(Amqp10FormatCode.Array32, Amqp10FormatCode.Array8, "array");
    }

    private Amqp10Compound StartArrayElements(Amqp10Compound array, byte elementConstructor)
    {
        // The descriptor written into the header is not an element.
        _count = 0;
        _arrayCode = elementConstructor;
        return array;
    }

    private Amqp10Compound BeginCompound(byte code32, byte code8, string what)
    {
        int start = _position;
        byte code;
        bool shrinkable;
        int headerWidth;
        if (_arrayCode != 0)
        {
            // An element of an array: the array's constructor fixes the header width, there is no constructor byte.
            code = _arrayCode;
            shrinkable = false;
            if (code == code32) headerWidth = 8;
            else if (code == code8) headerWidth = 2;
            else if (code == Amqp10FormatCode.List0 && code32 == Amqp10FormatCode.List32) headerWidth = 0;
            else throw ElementMismatch(what);
            Reserve(headerWidth);
        }
        else
        {
            code = code32;
            shrinkable = true;
            Reserve(9)[0] = code32;
        }

        var compound = new Amqp10Compound(start, _position, code, _count, _arrayCode, ++_depth, shrinkable);
        _count = 0;
        _arrayCode = 0;
        return compound;
    }

    private void EndCompound(Amqp10Compound compound, byte code0, byte code8, byte code32)
    {
        if (compound.Depth != _depth) throw new InvalidOperationException("Compounds must be ended in the reverse order of their beginning.");
        int count = _count;
        int contentLength = _position - compound.ContentStart;
        if (compound.Shrinkable)
        {
            if (count == 0 && code0 != 0)
            {
                _position = compound.Start;
                Put(code0);
            }
            else if (contentLength + 1 <= byte.MaxValue && count <= byte.MaxValue)
            {
                Span<byte> header = _buffer[compound.Start..];
                _buffer.Slice(compound.ContentStart, contentLength).CopyTo(header[3..]);
                header[0] = code8;
                header[1] = (byte)(contentLength + 1);
                header[2] = (byte)count;
                _position = compound.Start + 3 + contentLength;
            }
            else
            {
                Span<byte> header = _buffer[compound.Start..];
                header[0] = code32;
                BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)(contentLength + 4));
                BinaryPrimitives.WriteUInt32BigEndian(header[5..], (uint)count);
            }
        }
        else if (compound.Code == code8)
        {
            if (contentLength + 1 > byte.MaxValue || count > byte.MaxValue)
            {
                throw new InvalidOperationException($"An element of {contentLength} bytes and {count} values does not fit the array's 8-bit element encoding.");
            }

            _buffer[compound.Start] = (byte)(contentLength + 1);
            _buffer[compound.Start + 1] = (byte)count;
        }
        else if (compound.Code == code32)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[compound.Start..], (uint)(contentLength + 4));
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[(compound.Start + 4)..], (uint)count);
        }
        else if (count != 0)
        {
            throw new InvalidOperationException("An array of list0 elements holds empty lists only.");
        }

        _count = compound.ParentCount + 1;
        _arrayCode = compound.ParentArrayCode;
        _depth--;
    }

    private void WriteVariable(ReadOnlySpan<byte> value, byte code8, byte code32, string what)
    {
        value.CopyTo(ReserveVariable(value.Length, code8, code32, what));
        _count++;
    }

    private Span<byte> ReserveVariable(int length, byte code8, byte code32, string what)
    {
        byte code = _arrayCode;
        if (code == 0)
        {
            if (length <= byte.MaxValue)
            {
                Span<byte> span = Reserve(2 + length);
                span[0] = code8;
                span[1] = (byte)length;
                return span[2..];
            }
            else
            {
                Span<byte> span = Reserve(5 + length);
                span[0] = code32;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
                return span[5..];
            }
        }

        if (code == code32)
        {
            Span<byte> span = Reserve(4 + length);
            BinaryPrimitives.WriteUInt32BigEndian(span, (uint)length);
            return span[4..];
        }

        if (code == code8 && length <= byte.MaxValue)
        {
            Span<byte> span = Reserve(1 + length);
            span[0] = (byte)length;
            return span[1..];
        }

        throw ElementMismatch(what);
    }

    private readonly void RequireElement(byte code, string what)
    {
        if (_arrayCode != code) throw ElementMismatch(what);
    }

    private readonly InvalidOperationException ElementMismatch(string what) =>
        new($"A {what} cannot be written as an element of this array (element constructor 0x{_arrayCode:x2}).");

    private void Put(byte value)
    {
        if (_position >= _buffer.Length) throw Full(1);
        _buffer[_position++] = value;
    }

    private Span<byte> Reserve(int length)
    {
        if (length > _buffer.Length - _position) throw Full(length);
        Span<byte> span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }

    private readonly ArgumentException Full(int needed) =>
        new($"The destination has {_buffer.Length - _position} bytes left, {needed} are needed.");
}
