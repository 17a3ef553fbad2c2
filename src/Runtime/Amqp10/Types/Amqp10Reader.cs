using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// Reads AMQP 1.0 values (part 1, "Types") from a span, accepting every encoding of each type (uint0, smalluint and
/// uint for a uint, and so on). Fixed-width values never allocate; strings and symbols are offered as validated
/// spans as well as strings. Anything malformed is an <see cref="Amqp10DecodeException"/> with the offset of the
/// offending byte, never an index exception: an unknown constructor, a value cut short, a size or count that does not
/// fit, another type than the one asked for, invalid UTF-8, a non-ASCII symbol, nesting over <see cref="MaxDepth"/>.
/// </summary>
/// <remarks>
/// A list, map or array is read through a child reader (<see cref="ReadList"/>, <see cref="ReadMap"/>,
/// <see cref="ReadArray"/>) bounded by the compound's size, so an element can never be read past its compound, and
/// the parent is already past it. Inside an array the shared element constructor stands in for each element's own,
/// so the same <c>Read…</c> calls read its elements. <see cref="Skip"/> passes over one value of any type using
/// the sizes alone, without decoding it (how unknown fields are ignored).
/// </remarks>
internal ref struct Amqp10Reader
{
    /// <summary>How deep lists, maps, arrays and described values may nest (the top level is depth 0).</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// The most elements an array of zero-width elements (null, true, uint0, list0...) may claim: such an array
    /// can claim billions of elements in a few bytes, which a decoder would then have to materialize.
    /// </summary>
    public const int MaxZeroWidthElements = 65_536;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _origin;
    private readonly int _depth;
    private readonly byte _arrayCode;
    private readonly int _descriptorStart;
    private readonly int _descriptorLength;
    private int _position;

    public Amqp10Reader(ReadOnlySpan<byte> input)
        : this(input, 0, 0, 0, -1, 0, 0, 0)
    {
    }

    private Amqp10Reader(ReadOnlySpan<byte> buffer, int origin, int depth, byte arrayCode, int count, int position, int descriptorStart, int descriptorLength)
    {
        _buffer = buffer;
        _origin = origin;
        _depth = depth;
        _arrayCode = arrayCode;
        Count = count;
        _position = position;
        _descriptorStart = descriptorStart;
        _descriptorLength = descriptorLength;
    }

    /// <summary>The number of values in the list, map (keys and values) or array this reader reads; -1 at the top level.</summary>
    public int Count { get; }

    /// <summary>The offset of the next byte from the start of the outermost input (what errors report).</summary>
    public readonly long Offset => _origin + _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool IsEnd => _position >= _buffer.Length;

    public readonly int Depth => _depth;

    /// <summary>The shared element constructor when this reader reads an array's elements, else 0.</summary>
    public readonly byte ArrayElementConstructor => _arrayCode;

    /// <summary>Whether this array's constructor is described (its elements are described values).</summary>
    public readonly bool HasArrayDescriptor => _descriptorLength > 0;

    /// <summary>A reader over the descriptor of this array's elements (read it with <see cref="ReadULong"/> or <see cref="ReadSymbol"/>).</summary>
    public readonly Amqp10Reader ReadArrayDescriptor()
    {
        if (_descriptorLength == 0) throw new InvalidOperationException("The array's elements are not described.");
        return new Amqp10Reader(_buffer.Slice(_descriptorStart, _descriptorLength), _origin + _descriptorStart, _depth, 0, -1, 0, 0, 0);
    }

    /// <summary>The constructor of the next value (for an array element, the shared one); does not consume it.</summary>
    public readonly byte PeekConstructor()
    {
        if (_arrayCode != 0) return _arrayCode;
        if (_position >= _buffer.Length) throw Truncated(_position, 1);
        return _buffer[_position];
    }

    public readonly Amqp10Type PeekType()
    {
        byte code = PeekConstructor();
        Amqp10Type type = Amqp10FormatCode.TypeOf(code);
        if (type == Amqp10Type.Unknown) throw UnknownConstructor(_position, code);
        return type;
    }

    /// <summary>Reads a null if one is next (optional fields); otherwise reads nothing and returns false.</summary>
    public bool TryReadNull()
    {
        if (PeekConstructor() != Amqp10FormatCode.Null) return false;
        if (_arrayCode == 0) _position++;
        return true;
    }

    public void ReadNull()
    {
        int at = _position;
        byte code = ReadCode();
        if (code != Amqp10FormatCode.Null) throw WrongType(at, code, "null");
    }

    public bool ReadBoolean()
    {
        int at = _position;
        byte code = ReadCode();
        switch (code)
        {
            case Amqp10FormatCode.BooleanTrue:
                return true;
            case Amqp10FormatCode.BooleanFalse:
                return false;
            case Amqp10FormatCode.Boolean:
                int valueAt = _position;
                byte value = Take(1)[0];
                if (value > 1) throw new Amqp10DecodeException($"a boolean octet is 0x00 or 0x01, not 0x{value:x2}", _origin + valueAt);
                return value == 1;
            default:
                throw WrongType(at, code, "boolean");
        }
    }

    public byte ReadUByte() => Fixed(Amqp10FormatCode.UByte, 1, "ubyte")[0];

    public sbyte ReadByte() => (sbyte)Fixed(Amqp10FormatCode.Byte, 1, "byte")[0];

    public ushort ReadUShort() => BinaryPrimitives.ReadUInt16BigEndian(Fixed(Amqp10FormatCode.UShort, 2, "ushort"));

    public short ReadShort() => BinaryPrimitives.ReadInt16BigEndian(Fixed(Amqp10FormatCode.Short, 2, "short"));

    public uint ReadUInt()
    {
        int at = _position;
        byte code = ReadCode();
        return code switch
        {
            Amqp10FormatCode.UInt0 => 0,
            Amqp10FormatCode.SmallUInt => Take(1)[0],
            Amqp10FormatCode.UInt => BinaryPrimitives.ReadUInt32BigEndian(Take(4)),
            _ => throw WrongType(at, code, "uint"),
        };
    }

    public ulong ReadULong()
    {
        int at = _position;
        byte code = ReadCode();
        return code switch
        {
            Amqp10FormatCode.ULong0 => 0,
            Amqp10FormatCode.SmallULong => Take(1)[0],
            Amqp10FormatCode.ULong => BinaryPrimitives.ReadUInt64BigEndian(Take(8)),
            _ => throw WrongType(at, code, "ulong"),
        };
    }

    public int ReadInt()
    {
        int at = _position;
        byte code = ReadCode();
        return code switch
        {
            Amqp10FormatCode.SmallInt => (sbyte)Take(1)[0],
            Amqp10FormatCode.Int => BinaryPrimitives.ReadInt32BigEndian(Take(4)),
            _ => throw WrongType(at, code, "int"),
        };
    }

    public long ReadLong()
    {
        int at = _position;
        byte code = ReadCode();
        return code switch
        {
            Amqp10FormatCode.SmallLong => (sbyte)Take(1)[0],
            Amqp10FormatCode.Long => BinaryPrimitives.ReadInt64BigEndian(Take(8)),
            _ => throw WrongType(at, code, "long"),
        };
    }

    public float ReadFloat() => BinaryPrimitives.ReadSingleBigEndian(Fixed(Amqp10FormatCode.Float, 4, "float"));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(Fixed(Amqp10FormatCode.Double, 8, "double"));

    public Amqp10Decimal32 ReadDecimal32() => new(BinaryPrimitives.ReadUInt32BigEndian(Fixed(Amqp10FormatCode.Decimal32, 4, "decimal32")));

    public Amqp10Decimal64 ReadDecimal64() => new(BinaryPrimitives.ReadUInt64BigEndian(Fixed(Amqp10FormatCode.Decimal64, 8, "decimal64")));

    public Amqp10Decimal128 ReadDecimal128()
    {
        ReadOnlySpan<byte> bytes = Fixed(Amqp10FormatCode.Decimal128, 16, "decimal128");
        return new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>Reads a char (UTF-32); a surrogate or a value over U+10FFFF is a decode error.</summary>
    public Rune ReadChar()
    {
        int at = _position;
        uint value = BinaryPrimitives.ReadUInt32BigEndian(Fixed(Amqp10FormatCode.Char, 4, "char"));
        if (!Rune.IsValid(value)) throw new Amqp10DecodeException($"0x{value:x} is not a Unicode scalar value (char)", _origin + at);
        return new Rune(value);
    }

    public Amqp10Timestamp ReadTimestamp() => new(BinaryPrimitives.ReadInt64BigEndian(Fixed(Amqp10FormatCode.Timestamp, 8, "timestamp")));

    /// <summary>Reads a timestamp as a <see cref="DateTimeOffset"/>; one outside its range (years 1 to 9999) is a decode error.</summary>
    public DateTimeOffset ReadDateTimeOffset()
    {
        int at = _position;
        Amqp10Timestamp timestamp = ReadTimestamp();
        if (!timestamp.TryGetDateTimeOffset(out DateTimeOffset value))
        {
            throw new Amqp10DecodeException($"the timestamp {timestamp.Milliseconds} ms is outside DateTimeOffset's range", _origin + at);
        }

        return value;
    }

    /// <summary>Reads a uuid, whose bytes are in RFC 4122 order.</summary>
    public Guid ReadUuid() => new(Fixed(Amqp10FormatCode.Uuid, 16, "uuid"), bigEndian: true);

    /// <summary>Reads a binary value; the span is valid while the input is.</summary>
    public ReadOnlySpan<byte> ReadBinary() => Variable(Amqp10FormatCode.Binary8, Amqp10FormatCode.Binary32, "binary", out _);

    /// <summary>Reads a string's UTF-8 bytes, checked to be valid UTF-8, without allocating.</summary>
    public ReadOnlySpan<byte> ReadStringUtf8()
    {
        ReadOnlySpan<byte> bytes = Variable(Amqp10FormatCode.String8, Amqp10FormatCode.String32, "string", out int at);
        if (!Utf8.IsValid(bytes)) throw new Amqp10DecodeException("the string is not valid UTF-8", _origin + at);
        return bytes;
    }

    /// <summary>Reads a string; a short one read lately on this thread is handed out again (<see cref="RecentStrings"/>).</summary>
    public string ReadString() => RecentStrings.Get(ReadStringUtf8());

    /// <summary>Reads a symbol's bytes, checked to be ASCII, without allocating.</summary>
    public ReadOnlySpan<byte> ReadSymbolAscii()
    {
        ReadOnlySpan<byte> bytes = Variable(Amqp10FormatCode.Symbol8, Amqp10FormatCode.Symbol32, "symbol", out int at);
        if (!Ascii.IsValid(bytes)) throw new Amqp10DecodeException("the symbol is not ASCII", _origin + at);
        return bytes;
    }

    /// <summary>Reads a symbol; a short one read lately on this thread is handed out again (<see cref="RecentStrings"/>).</summary>
    public string ReadSymbol() => RecentStrings.Get(ReadSymbolAscii());

    /// <summary>Whether the next value is described (never inside an array: there the descriptor is in the array's constructor).</summary>
    public readonly bool IsDescribed => PeekConstructor() == Amqp10FormatCode.Described;

    /// <summary>
    /// Reads the 0x00 constructor of a described value; the descriptor (any value, usually a ulong or a symbol)
    /// follows, then the described value.
    /// </summary>
    public void ReadDescribedConstructor()
    {
        int at = _position;
        byte code = ReadCode();
        if (code != Amqp10FormatCode.Described) throw WrongType(at, code, "described value");
        if (_depth >= MaxDepth) throw TooDeep(at);
    }

    /// <summary>Reads the constructor and numeric descriptor of a described value (a performative, a section...).</summary>
    public ulong ReadDescriptorCode()
    {
        ReadDescribedConstructor();
        return ReadULong();
    }

    /// <summary>Reads a list's header and returns a reader over its elements (<see cref="Count"/> of them); this reader moves past the list.</summary>
    public Amqp10Reader ReadList()
    {
        int at = _position;
        byte code = ReadCode();
        if (code == Amqp10FormatCode.List0)
        {
            if (_depth >= MaxDepth) throw TooDeep(at);
            return new Amqp10Reader(default, _origin + _position, _depth + 1, 0, 0, 0, 0, 0);
        }

        if (code is not (Amqp10FormatCode.List8 or Amqp10FormatCode.List32)) throw WrongType(at, code, "list");
        return Compound(at, code, isMap: false);
    }

    /// <summary>Reads a map's header and returns a reader over its keys and values, alternating (<see cref="Count"/> is twice the pairs).</summary>
    public Amqp10Reader ReadMap()
    {
        int at = _position;
        byte code = ReadCode();
        if (code is not (Amqp10FormatCode.Map8 or Amqp10FormatCode.Map32)) throw WrongType(at, code, "map");
        return Compound(at, code, isMap: true);
    }

    /// <summary>
    /// Reads an array's header and constructor and returns a reader over its <see cref="Count"/> elements, which
    /// share <see cref="ArrayElementConstructor"/> (and, when <see cref="HasArrayDescriptor"/>, one descriptor).
    /// </summary>
    public Amqp10Reader ReadArray()
    {
        int at = _position;
        byte code = ReadCode();
        if (code is not (Amqp10FormatCode.Array8 or Amqp10FormatCode.Array32)) throw WrongType(at, code, "array");
        if (_depth >= MaxDepth) throw TooDeep(at);
        (int count, int contentStart, int contentLength) = CompoundHeader(code);
        ReadOnlySpan<byte> content = _buffer.Slice(contentStart, contentLength);
        int contentOrigin = _origin + contentStart;

        int position = 0;
        int descriptorStart = 0;
        int descriptorLength = 0;
        if (content.IsEmpty) throw new Amqp10DecodeException("the array's size leaves no room for its element constructor", contentOrigin);
        byte elementCode = content[0];
        if (elementCode == Amqp10FormatCode.Described)
        {
            var descriptor = new Amqp10Reader(content, contentOrigin, _depth + 1, 0, -1, 1, 0, 0);
            descriptor.Skip();
            descriptorStart = 1;
            descriptorLength = descriptor._position - 1;
            position = descriptor._position;
            if (position >= content.Length) throw new Amqp10DecodeException("the array's size leaves no room for its element constructor", contentOrigin + position);
            elementCode = content[position];
            if (elementCode == Amqp10FormatCode.Described)
            {
                throw new Amqp10DecodeException("an array constructor with a described descriptor is not supported", contentOrigin + position);
            }
        }

        int width = Amqp10FormatCode.FixedWidth(elementCode);
        if (width == -2) throw UnknownConstructor(contentStart + position, elementCode);
        position++;
        int elementsLength = content.Length - position;
        if (width >= 0)
        {
            if ((long)count * width != elementsLength)
            {
                throw new Amqp10DecodeException($"the array's count ({count} elements of {width} bytes) does not match the {elementsLength} bytes its size leaves", _origin + at);
            }

            if (width == 0 && count > MaxZeroWidthElements)
            {
                throw new Amqp10DecodeException($"the array claims {count} zero-width elements, over the limit of {MaxZeroWidthElements}", _origin + at);
            }
        }
        else if ((long)count * Amqp10FormatCode.SizeWidth(elementCode) > elementsLength)
        {
            throw new Amqp10DecodeException($"the array's count ({count}) cannot fit in the {elementsLength} bytes its size leaves", _origin + at);
        }

        return new Amqp10Reader(content, contentOrigin, _depth + 1, elementCode, count, position, descriptorStart, descriptorLength);
    }

    /// <summary>Passes over one value of any type without decoding it: compounds by their size, described values by descriptor and value.</summary>
    public void Skip() => SkipAt(_depth);

    private void SkipAt(int depth)
    {
        int at = _position;
        byte code = ReadCode();
        if (code == Amqp10FormatCode.Described)
        {
            // Described values are the one place skipping recurses: the descriptor may itself be described.
            if (depth >= MaxDepth) throw TooDeep(at);
            SkipAt(depth + 1);
            SkipAt(depth + 1);
            return;
        }

        int width = Amqp10FormatCode.FixedWidth(code);
        if (width >= 0)
        {
            Take(width);
            return;
        }

        if (width == -2) throw UnknownConstructor(at, code);
        int sizeWidth = Amqp10FormatCode.SizeWidth(code);
        int size = ReadSize(sizeWidth);
        Take(size);
    }

    /// <summary>Throws a decode error if anything is left (a compound whose size holds more than its count).</summary>
    public readonly void EnsureEnd()
    {
        if (_position < _buffer.Length)
        {
            throw new Amqp10DecodeException($"{_buffer.Length - _position} bytes are left after the last of {Count} values", _origin + _position);
        }
    }

    private Amqp10Reader Compound(int at, byte code, bool isMap)
    {
        if (_depth >= MaxDepth) throw TooDeep(at);
        (int count, int contentStart, int contentLength) = CompoundHeader(code);
        if (count > contentLength)
        {
            throw new Amqp10DecodeException($"the {(isMap ? "map" : "list")}'s count ({count}) cannot fit in the {contentLength} bytes its size leaves", _origin + at);
        }

        if (isMap && (count & 1) != 0)
        {
            throw new Amqp10DecodeException($"a map's count is keys plus values, so even, not {count}", _origin + at);
        }

        return new Amqp10Reader(_buffer.Slice(contentStart, contentLength), _origin + contentStart, _depth + 1, 0, count, 0, 0, 0);
    }

    /// <summary>Reads size and count (both 8 or 32 bits; the size already checked against what remains) and moves past the compound's content.</summary>
    private (int Count, int ContentStart, int ContentLength) CompoundHeader(byte code)
    {
        int width = Amqp10FormatCode.SizeWidth(code);
        int sizeAt = _position;
        int size = ReadSize(width);
        if (size < width) throw new Amqp10DecodeException($"a size of {size} leaves no room for the count", _origin + sizeAt);
        int countAt = _position;
        uint count = width == 1 ? _buffer[_position] : BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(_position, 4));
        _position += width;
        int contentLength = size - width;
        if (count > int.MaxValue) throw new Amqp10DecodeException($"the count ({count}) is larger than any input", _origin + countAt);
        int contentStart = _position;
        _position += contentLength;
        return ((int)count, contentStart, contentLength);
    }

    private int ReadSize(int width)
    {
        int at = _position;
        ReadOnlySpan<byte> bytes = Take(width);
        uint size = width == 1 ? bytes[0] : BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (size > (uint)(_buffer.Length - _position))
        {
            throw new Amqp10DecodeException($"the size ({size}) is larger than the {_buffer.Length - _position} bytes that remain", _origin + at);
        }

        return (int)size;
    }

    private ReadOnlySpan<byte> Variable(byte code8, byte code32, string what, out int dataAt)
    {
        int at = _position;
        byte code = ReadCode();
        int width;
        if (code == code8) width = 1;
        else if (code == code32) width = 4;
        else throw WrongType(at, code, what);
        int length = ReadSize(width);
        dataAt = _position;
        return Take(length);
    }

    private ReadOnlySpan<byte> Fixed(byte expected, int width, string what)
    {
        int at = _position;
        byte code = ReadCode();
        if (code != expected) throw WrongType(at, code, what);
        return Take(width);
    }

    private byte ReadCode()
    {
        if (_arrayCode != 0) return _arrayCode;
        if (_position >= _buffer.Length) throw Truncated(_position, 1);
        return _buffer[_position++];
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _buffer.Length - _position) throw Truncated(_position, length);
        ReadOnlySpan<byte> span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }

    private readonly Amqp10DecodeException Truncated(int at, int needed) =>
        new($"{needed} more bytes are needed but {(Count >= 0 ? "the enclosing compound has" : "the input has")} {_buffer.Length - at} left", _origin + at);

    private readonly Amqp10DecodeException WrongType(int at, byte code, string expected)
    {
        Amqp10Type type = Amqp10FormatCode.TypeOf(code);
        if (type == Amqp10Type.Unknown) return UnknownConstructor(at, code);
        return new($"expected a {expected} but found a {type} (constructor 0x{code:x2})", _origin + at);
    }

    private readonly Amqp10DecodeException UnknownConstructor(int at, byte code) =>
        new($"0x{code:x2} is not an AMQP 1.0 constructor", _origin + at);

    private readonly Amqp10DecodeException TooDeep(int at) =>
        new($"values nest deeper than {MaxDepth} levels", _origin + at);
}
