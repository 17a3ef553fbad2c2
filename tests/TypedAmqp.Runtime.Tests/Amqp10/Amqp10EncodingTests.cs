using System.Text;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10;

/// <summary>
/// The bytes the writer produces, against the constructor codes and layouts of AMQP 1.0 part 1 section 1.6, and the
/// reader on every encoding of each type, including the ones the writer never chooses.
/// </summary>
public sealed class Amqp10EncodingTests
{
    internal delegate void WriteAction(ref Amqp10Writer writer);

    private static string Hex(WriteAction write, int capacity = 4096)
    {
        byte[] buffer = new byte[capacity];
        var writer = new Amqp10Writer(buffer);
        write(ref writer);
        return Convert.ToHexStringLower(buffer, 0, writer.Written);
    }

    private static string Repeat(string hexByte, int count) => string.Concat(Enumerable.Repeat(hexByte, count));

    public static TheoryData<string, string> Scalars() => new()
    {
        { "null", "40" },
        { "true", "41" },
        { "false", "42" },
        { "ubyte 0xab", "50ab" },
        { "ushort 0x1234", "601234" },
        { "uint 0", "43" },
        { "uint 1", "5201" },
        { "uint 255", "52ff" },
        { "uint 256", "7000000100" },
        { "uint max", "70ffffffff" },
        { "ulong 0", "44" },
        { "ulong 255", "53ff" },
        { "ulong 256", "800000000000000100" },
        { "byte -1", "51ff" },
        { "short -2", "61fffe" },
        { "int 0", "5400" },
        { "int 127", "547f" },
        { "int -128", "5480" },
        { "int 128", "7100000080" },
        { "int -129", "71ffffff7f" },
        { "long -1", "55ff" },
        { "long 128", "810000000000000080" },
        { "long min", "818000000000000000" },
        { "float 1", "723f800000" },
        { "double 1", "823ff0000000000000" },
        { "decimal32", "7422334455" },
        { "decimal64", "840102030405060708" },
        { "decimal128", "940102030405060708090a0b0c0d0e0f10" },
        { "char A", "7300000041" },
        { "char U+1F600", "730001f600" },
        { "timestamp 1970+1s", "8300000000000003e8" },
        { "uuid", "9800112233445566778899aabbccddeeff" },
        { "binary empty", "a000" },
        { "binary 2", "a0020102" },
        { "string a", "a10161" },
        { "string é", "a102c3a9" },
        { "symbol ab", "a3026162" },
    };

    private static void WriteScalar(ref Amqp10Writer w, string name)
    {
        switch (name)
        {
            case "null": w.WriteNull(); break;
            case "true": w.WriteBoolean(true); break;
            case "false": w.WriteBoolean(false); break;
            case "ubyte 0xab": w.WriteUByte(0xab); break;
            case "ushort 0x1234": w.WriteUShort(0x1234); break;
            case "uint 0": w.WriteUInt(0); break;
            case "uint 1": w.WriteUInt(1); break;
            case "uint 255": w.WriteUInt(255); break;
            case "uint 256": w.WriteUInt(256); break;
            case "uint max": w.WriteUInt(uint.MaxValue); break;
            case "ulong 0": w.WriteULong(0); break;
            case "ulong 255": w.WriteULong(255); break;
            case "ulong 256": w.WriteULong(256); break;
            case "byte -1": w.WriteByte(-1); break;
            case "short -2": w.WriteShort(-2); break;
            case "int 0": w.WriteInt(0); break;
            case "int 127": w.WriteInt(127); break;
            case "int -128": w.WriteInt(-128); break;
            case "int 128": w.WriteInt(128); break;
            case "int -129": w.WriteInt(-129); break;
            case "long -1": w.WriteLong(-1); break;
            case "long 128": w.WriteLong(128); break;
            case "long min": w.WriteLong(long.MinValue); break;
            case "float 1": w.WriteFloat(1f); break;
            case "double 1": w.WriteDouble(1d); break;
            case "decimal32": w.WriteDecimal32(new Amqp10Decimal32(0x22334455)); break;
            case "decimal64": w.WriteDecimal64(new Amqp10Decimal64(0x0102030405060708)); break;
            case "decimal128": w.WriteDecimal128(new Amqp10Decimal128(0x0102030405060708, 0x090a0b0c0d0e0f10)); break;
            case "char A": w.WriteChar(new Rune('A')); break;
            case "char U+1F600": w.WriteChar(new Rune(0x1F600)); break;
            case "timestamp 1970+1s": w.WriteTimestamp(DateTimeOffset.UnixEpoch.AddSeconds(1)); break;
            case "uuid": w.WriteUuid(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")); break;
            case "binary empty": w.WriteBinary([]); break;
            case "binary 2": w.WriteBinary([1, 2]); break;
            case "string a": w.WriteString("a"); break;
            case "string é": w.WriteString("é"); break;
            case "symbol ab": w.WriteSymbol("ab"); break;
            default: throw new ArgumentOutOfRangeException(nameof(name));
        }
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Each_scalar_is_written_in_its_smallest_encoding(string name, string expected)
    {
        Assert.Equal(expected, Hex((ref Amqp10Writer w) => WriteScalar(ref w, name)));
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Each_scalar_encoding_reads_back_and_skips_whole(string name, string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        List<Amqp10Value> values = Amqp10ValueCodec.ReadAll(bytes);
        Assert.Single(values);
        Assert.Equal(bytes, Amqp10ValueCodec.Encode(64, values[0]));
        var reader = new Amqp10Reader(bytes);
        reader.Skip();
        Assert.True(reader.IsEnd, name);
    }

    [Fact]
    public void Variable_width_values_switch_to_the_32_bit_form_at_256_bytes()
    {
        Assert.Equal("a0ff" + Repeat("07", 255), Hex((ref Amqp10Writer w) => w.WriteBinary(Enumerable.Repeat((byte)7, 255).ToArray())));
        Assert.Equal("b000000100" + Repeat("07", 256), Hex((ref Amqp10Writer w) => w.WriteBinary(Enumerable.Repeat((byte)7, 256).ToArray())));
        Assert.Equal("a1ff" + Repeat("61", 255), Hex((ref Amqp10Writer w) => w.WriteString(new string('a', 255))));
        Assert.Equal("b100000100" + Repeat("61", 256), Hex((ref Amqp10Writer w) => w.WriteString(new string('a', 256))));
        // 128 two-byte characters: 256 UTF-8 bytes, so the byte count decides, not the character count.
        Assert.Equal("b100000100" + Repeat("c3a9", 128), Hex((ref Amqp10Writer w) => w.WriteString(new string('é', 128))));
        Assert.Equal("a3ff" + Repeat("73", 255), Hex((ref Amqp10Writer w) => w.WriteSymbol(new string('s', 255))));
        Assert.Equal("b300000100" + Repeat("73", 256), Hex((ref Amqp10Writer w) => w.WriteSymbol(new string('s', 256))));
        Assert.Equal("a10161", Hex((ref Amqp10Writer w) => w.WriteStringUtf8("a"u8)));
    }

    [Fact]
    public void Lists_are_list0_list8_or_list32_by_size_and_count()
    {
        Assert.Equal("45", Hex((ref Amqp10Writer w) => w.EndList(w.BeginList())));
        Assert.Equal("c0050352014143", Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound list = w.BeginList();
            w.WriteUInt(1);
            w.WriteBoolean(true);
            w.WriteUInt(0);
            w.EndList(list);
        }));

        // 254 content bytes: size 255 still fits list8; one more byte needs list32.
        Assert.Equal("c0ff01a1fc" + Repeat("61", 252), Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound list = w.BeginList();
            w.WriteString(new string('a', 252));
            w.EndList(list);
        }));
        Assert.Equal("d00000010300000001a1fd" + Repeat("61", 253), Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound list = w.BeginList();
            w.WriteString(new string('a', 253));
            w.EndList(list);
        }));

        // 256 elements of one byte: the size would fit, the count does not.
        Assert.Equal("d000000104" + "00000100" + Repeat("41", 256), Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound list = w.BeginList();
            for (int i = 0; i < 256; i++) w.WriteBoolean(true);
            w.EndList(list);
        }));
    }

    [Fact]
    public void Nested_lists_shrink_from_the_inside_out()
    {
        // [[null], [], 1]: the inner lists are list8 and list0, then the outer one shrinks around them.
        Assert.Equal("c00803c0020140455201", Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound outer = w.BeginList();
            Amqp10Compound inner = w.BeginList();
            w.WriteNull();
            w.EndList(inner);
            w.EndList(w.BeginList());
            w.WriteUInt(1);
            w.EndList(outer);
        }));
    }

    [Fact]
    public void Maps_count_keys_and_values()
    {
        Assert.Equal("c10100", Hex((ref Amqp10Writer w) => w.EndMap(w.BeginMap())));
        Assert.Equal("c10702a30161a10162", Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound map = w.BeginMap();
            w.WriteSymbol("a");
            w.WriteString("b");
            w.EndMap(map);
        }));
        Assert.Throws<InvalidOperationException>(() => Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound map = w.BeginMap();
            w.WriteSymbol("a");
            w.EndMap(map);
        }));
    }

    [Fact]
    public void Arrays_write_the_element_constructor_once()
    {
        Assert.Equal("e00a027100000001fffffffe", Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound array = w.BeginArray(Amqp10FormatCode.Int);
            w.WriteInt(1);
            w.WriteInt(-2);
            w.EndArray(array);
        }));
        Assert.Equal("e0020070", Hex((ref Amqp10Writer w) => w.EndArray(w.BeginArray(Amqp10FormatCode.UInt))));
        Assert.Equal("e00402520107", Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound array = w.BeginArray(Amqp10FormatCode.SmallUInt);
            w.WriteUInt(1);
            w.WriteUInt(7);
            w.EndArray(array);
        }));
        Assert.Equal("e00602a301610162", Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound array = w.BeginArray(Amqp10FormatCode.Symbol8);
            w.WriteSymbol("a");
            w.WriteSymbol("b");
            w.EndArray(array);
        }));
        Assert.Equal("e0050356010001", Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound array = w.BeginArray(Amqp10FormatCode.Boolean);
            w.WriteBoolean(true);
            w.WriteBoolean(false);
            w.WriteBoolean(true);
            w.EndArray(array);
        }));
        // A uint over 255 has no place in a smalluint array; the writer refuses rather than widen silently.
        Assert.Throws<InvalidOperationException>(() => Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound array = w.BeginArray(Amqp10FormatCode.SmallUInt);
            w.WriteUInt(256);
        }));
    }

    [Fact]
    public void Arrays_of_described_values_and_of_lists_share_descriptor_and_constructor()
    {
        // Two described smallulongs sharing the descriptor 0x70 (written once, as smallulong 0x70).
        Assert.Equal("e00702005370530506", Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound array = w.BeginArray(0x70UL, Amqp10FormatCode.SmallULong);
            w.WriteULong(5);
            w.WriteULong(6);
            w.EndArray(array);
        }));
        // A symbolic descriptor, and a zero-width element constructor (true): the element takes no bytes.
        Assert.Equal("e0060100a3016141", Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound array = w.BeginArray("a"u8, Amqp10FormatCode.BooleanTrue);
            w.WriteBoolean(true);
            w.EndArray(array);
        }));
        // An array of two lists: the element constructor list32 once, then size and count of each list, no constructor.
        Assert.Equal("e01302d0" + "000000050000000143" + "0000000400000000", Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound array = w.BeginArray(Amqp10FormatCode.List32);
            Amqp10Compound first = w.BeginList();
            w.WriteUInt(0);
            w.EndList(first);
            w.EndList(w.BeginList());
            w.EndArray(array);
        }));
    }

    [Fact]
    public void Described_values_carry_a_numeric_or_symbolic_descriptor()
    {
        Assert.Equal("00531045", Hex((ref Amqp10Writer w) =>
        {
            w.WriteDescriptor(0x10);
            w.EndList(w.BeginList());
        }));
        Assert.Equal("0080000004680000000140", Hex((ref Amqp10Writer w) =>
        {
            w.WriteDescriptor(0x0000_0468_0000_0001UL);
            w.WriteNull();
        }));
        Assert.Equal("00a303666f6f40", Hex((ref Amqp10Writer w) =>
        {
            w.WriteDescriptor("foo"u8);
            w.WriteNull();
            Assert.Equal(1, w.Count);
        }));
    }

    public static TheoryData<string, string> LongerEncodings() => new()
    {
        { "56 01", "bool:true" },
        { "56 00", "bool:false" },
        { "70 00000005", "uint:5" },
        { "52 00", "uint:0" },
        { "80 0000000000000005", "ulong:5" },
        { "53 00", "ulong:0" },
        { "71 fffffffe", "int:-2" },
        { "81 fffffffffffffffe", "long:-2" },
        { "b0 00000001 07", "binary:07" },
        { "b1 00000001 61", "string:61" },
        { "b3 00000001 61", "symbol:61" },
        { "c0 01 00", "list[]" },
        { "d0 00000004 00000000", "list[]" },
        { "d0 00000006 00000001 5201", "list[uint:1]" },
        { "d1 00000004 00000000", "map{}" },
        { "d1 00000009 00000002 a30161 5201", "map{symbol:61=uint:1}" },
        { "f0 00000005 00000000 70", "array<uint>[]" },
        { "f0 00000007 00000002 52 0102", "array<uint>[uint:1,uint:2]" },
        { "e0 02 03 43", "array<uint>[uint:0,uint:0,uint:0]" },
        { "e0 02 02 40", "array<null>[null,null]" },
        { "e0 02 02 41", "array<boolean>[bool:true,bool:true]" },
        { "e0 07 02 00 53 05 52 0102", "array<described(ulong:5):uint>[uint:1,uint:2]" },
        { "e0 0a 02 e0 03 01 52 07 03 01 51 ff", "array<array>[array<uint>[uint:7],array<byte>[byte:-1]]" },
        { "00 00 53 01 53 02 40", "described(described(ulong:1,ulong:2),null)" },
    };

    [Theory]
    [MemberData(nameof(LongerEncodings))]
    public void Every_encoding_of_a_type_reads_including_those_never_written(string hex, string expected)
    {
        byte[] bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        List<Amqp10Value> values = Amqp10ValueCodec.ReadAll(bytes);
        Assert.Equal(expected, Assert.Single(values).ToString());
        var reader = new Amqp10Reader(bytes);
        reader.Skip();
        Assert.True(reader.IsEnd);
    }

    [Fact]
    public void Typed_reads_accept_each_encoding_of_their_type()
    {
        var reader = new Amqp10Reader(Convert.FromHexString("43" + "5207" + "7000000107" + "41" + "42" + "5601" + "40" + "a10161"));
        Assert.Equal(0u, reader.ReadUInt());
        Assert.Equal(7u, reader.ReadUInt());
        Assert.Equal(263u, reader.ReadUInt());
        Assert.True(reader.ReadBoolean());
        Assert.False(reader.ReadBoolean());
        Assert.True(reader.ReadBoolean());
        Assert.True(reader.TryReadNull());
        Assert.False(reader.TryReadNull());
        Assert.True(reader.ReadStringUtf8().SequenceEqual("a"u8));
        Assert.True(reader.IsEnd);
    }

    [Fact]
    public void Timestamps_and_uuids_convert_exactly()
    {
        DateTimeOffset time = new(2026, 12, 2, 1, 2, 3, 456, TimeSpan.Zero);
        Guid id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        byte[] buffer = new byte[64];
        var writer = new Amqp10Writer(buffer);
        writer.WriteTimestamp(time);
        writer.WriteUuid(id);
        var reader = new Amqp10Reader(buffer.AsSpan(0, writer.Written));
        Assert.Equal(time, reader.ReadDateTimeOffset());
        Assert.Equal(id, reader.ReadUuid());
    }

    [Fact]
    public void The_writer_refuses_what_it_cannot_encode_and_a_destination_that_is_too_small()
    {
        Assert.Throws<ArgumentException>(() => Hex((ref Amqp10Writer w) => w.WriteSymbol("é")));
        Assert.Throws<ArgumentException>(() => Hex((ref Amqp10Writer w) => w.WriteSymbol([0x80])));
        Assert.Throws<ArgumentException>(() => Hex((ref Amqp10Writer w) => w.WriteString("\uD800")));
        Assert.Throws<ArgumentException>(() => Hex((ref Amqp10Writer w) => w.WriteULong(256), capacity: 8));
        Assert.Throws<ArgumentException>(() => Hex((ref Amqp10Writer w) => w.BeginList(), capacity: 8));
        Assert.Throws<ArgumentException>(() => Hex((ref Amqp10Writer w) => w.BeginArray(Amqp10FormatCode.Described)));
        Assert.Throws<ArgumentException>(() => Hex((ref Amqp10Writer w) => w.BeginArray(0x33)));
        Assert.Throws<InvalidOperationException>(() => Hex((ref Amqp10Writer w) =>
        {
            Amqp10Compound outer = w.BeginList();
            w.BeginList();
            w.EndList(outer);
        }));
        Assert.Throws<InvalidOperationException>(() => Hex((ref Amqp10Writer w) =>
        {
            w.BeginArray(Amqp10FormatCode.Int);
            w.WriteDescriptor(1);
        }));
    }

    [Fact]
    public void A_described_array_reads_through_the_typed_calls()
    {
        byte[] buffer = new byte[64];
        var writer = new Amqp10Writer(buffer);
        Amqp10Compound array = writer.BeginArray("amqp:accepted:list"u8, Amqp10FormatCode.List0);
        writer.EndList(writer.BeginList());
        writer.EndList(writer.BeginList());
        writer.EndArray(array);

        var reader = new Amqp10Reader(buffer.AsSpan(0, writer.Written));
        Assert.Equal(Amqp10Type.Array, reader.PeekType());
        Amqp10Reader elements = reader.ReadArray();
        Assert.True(reader.IsEnd);
        Assert.True(elements.HasArrayDescriptor);
        Assert.Equal("amqp:accepted:list", elements.ReadArrayDescriptor().ReadSymbol());
        Assert.Equal(2, elements.Count);
        for (int i = 0; i < elements.Count; i++)
        {
            Amqp10Reader list = elements.ReadList();
            Assert.Equal(0, list.Count);
        }

        elements.EnsureEnd();
    }
}
