using CsCheck;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10;

/// <summary>
/// Every kind of malformed input is an <see cref="Amqp10DecodeException"/> (condition amqp:decode-error, offset of the
/// offending byte): never an index exception, never a hang or a huge allocation.
/// </summary>
public sealed class Amqp10MalformedInputTests
{
    internal delegate void ReadAction(ref Amqp10Reader reader);

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static Amqp10DecodeException Decoding(string hex) => Reading(hex, (ref Amqp10Reader r) => Amqp10ValueCodec.Read(ref r));

    private static Amqp10DecodeException Reading(string hex, ReadAction read)
    {
        byte[] bytes = Bytes(hex);
        var exception = Assert.Throws<Amqp10DecodeException>(() =>
        {
            var reader = new Amqp10Reader(bytes);
            read(ref reader);
        });
        Assert.Equal("amqp:decode-error", exception.Condition);
        Assert.IsAssignableFrom<AmqpProtocolException>(exception);
        return exception;
    }

    private static Amqp10DecodeException Skipping(string hex) => Reading(hex, (ref Amqp10Reader r) => r.Skip());

    [Theory]
    [InlineData("01", 0)]
    [InlineData("ff", 0)]
    [InlineData("33", 0)]
    [InlineData("c0 02 01 99", 3)]
    [InlineData("e0 02 01 99", 3)]
    [InlineData("00 53 01 ee", 3)]
    public void An_unknown_constructor_is_a_decode_error_at_its_offset(string hex, long offset)
    {
        Assert.Equal(offset, Decoding(hex).Offset);
        Assert.Contains("not an AMQP 1.0 constructor", Decoding(hex).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("70 00 00")]
    [InlineData("80 00 00 00 00 00 00 00")]
    [InlineData("98 00 11")]
    [InlineData("a1")]
    [InlineData("b1 00 00")]
    [InlineData("c0")]
    [InlineData("c0 01")]
    [InlineData("d0 00 00 00 04 00 00")]
    [InlineData("00")]
    [InlineData("00 53 10")]
    public void Truncated_input_is_a_decode_error(string hex)
    {
        Decoding(hex);
        Skipping(hex);
    }

    [Fact]
    public void Every_strict_prefix_of_a_value_is_a_decode_error()
    {
        Amqp10Gen.Value.Sample(value =>
        {
            byte[] bytes = Amqp10ValueCodec.Encode(1 << 20, value);
            for (int length = 0; length < bytes.Length; length += Math.Max(1, bytes.Length / 40))
            {
                byte[] prefix = bytes[..length];
                if (length > 0) Assert.Throws<Amqp10DecodeException>(() => Amqp10ValueCodec.ReadAll(prefix));
                Assert.Throws<Amqp10DecodeException>(() =>
                {
                    var reader = new Amqp10Reader(prefix);
                    reader.Skip();
                });
            }
        }, iter: 300);
    }

    [Theory]
    [InlineData("a1 05 61", 1)]
    [InlineData("b0 7f ff ff ff 00", 1)]
    [InlineData("c0 05 01 41", 1)]
    [InlineData("d0 ff ff ff ff 00 00 00 01 41", 1)]
    [InlineData("c1 09 02 41 41", 1)]
    [InlineData("f0 00 00 01 00 00 00 00 01 40", 1)]
    public void A_size_larger_than_the_remaining_bytes_is_a_decode_error(string hex, long offset)
    {
        Amqp10DecodeException exception = Decoding(hex);
        Assert.Equal(offset, exception.Offset);
        Assert.Contains("size", exception.Message, StringComparison.Ordinal);
        Skipping(hex);
    }

    [Theory]
    [InlineData("c0 02 05 41", "count (5) cannot fit")]
    [InlineData("d0 00 00 00 05 7f ff ff ff 41", "count (2147483647) cannot fit")]
    [InlineData("d0 00 00 00 05 ff ff ff ff 41", "larger than any input")]
    [InlineData("c0 00", "no room for the count")]
    [InlineData("c1 02 01 41", "so even")]
    [InlineData("c1 03 03 41 41", "count (3) cannot fit")]
    [InlineData("e0 04 03 71 00 00", "does not match")]
    [InlineData("e0 01 00", "no room for its element constructor")]
    [InlineData("e0 03 02 a1 00", "count (2) cannot fit")]
    [InlineData("f0 00 00 00 05 7f ff ff ff 40", "zero-width elements")]
    [InlineData("f0 00 00 00 05 ff ff ff ff 40", "larger than any input")]
    [InlineData("e0 00", "no room for the count")]
    public void A_count_inconsistent_with_its_size_is_a_decode_error_before_anything_is_allocated_for_it(string hex, string fragment)
    {
        Assert.Contains(fragment, Decoding(hex).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c0 03 01 41 41")]
    [InlineData("c0 02 02 41")]
    [InlineData("c0 03 02 41 52")]
    public void A_list_whose_elements_do_not_fill_its_size_exactly_is_a_decode_error(string hex)
    {
        Decoding(hex);
    }

    [Fact]
    public void A_value_of_another_type_where_one_is_required_is_a_decode_error()
    {
        Assert.Equal(0, Reading("a1 01 61", (ref Amqp10Reader r) => r.ReadUInt()).Offset);
        Assert.Contains("expected a uint but found a String", Reading("a1 01 61", (ref Amqp10Reader r) => r.ReadUInt()).Message, StringComparison.Ordinal);
        Reading("52 01", (ref Amqp10Reader r) => r.ReadString());
        Reading("52 01", (ref Amqp10Reader r) => r.ReadULong());
        Reading("53 01", (ref Amqp10Reader r) => r.ReadUInt());
        Reading("54 01", (ref Amqp10Reader r) => r.ReadLong());
        Reading("a3 01 61", (ref Amqp10Reader r) => r.ReadStringUtf8());
        Reading("a1 01 61", (ref Amqp10Reader r) => r.ReadSymbolAscii());
        Reading("c1 01 00", (ref Amqp10Reader r) => r.ReadList());
        Reading("45", (ref Amqp10Reader r) => r.ReadMap());
        Reading("45", (ref Amqp10Reader r) => r.ReadArray());
        Reading("40", (ref Amqp10Reader r) => r.ReadBoolean());
        Reading("52 01", (ref Amqp10Reader r) => r.ReadDescriptorCode());
        Reading("00 a3 01 61 40", (ref Amqp10Reader r) => r.ReadDescriptorCode());
        Reading("56 02", (ref Amqp10Reader r) => r.ReadBoolean());
        // Inside an int array every element is an int: asking for a uint is refused just the same.
        Reading("e0 06 01 71 00 00 00 01", (ref Amqp10Reader r) =>
        {
            Amqp10Reader array = r.ReadArray();
            array.ReadUInt();
        });
    }

    [Theory]
    [InlineData("a1 02 c3 28")]
    [InlineData("a1 02 c0 80")]
    [InlineData("a1 03 ed a0 80")]
    [InlineData("a1 01 ff")]
    [InlineData("b1 00 00 00 01 80")]
    public void Invalid_utf8_in_a_string_is_a_decode_error(string hex)
    {
        Assert.Equal(2 + (hex.StartsWith('b') ? 3 : 0), Decoding(hex).Offset);
        Reading(hex, (ref Amqp10Reader r) => r.ReadStringUtf8());
    }

    [Theory]
    [InlineData("a3 01 80")]
    [InlineData("a3 02 c3 a9")]
    [InlineData("b3 00 00 00 01 ff")]
    public void A_symbol_that_is_not_ascii_is_a_decode_error(string hex)
    {
        Decoding(hex);
        Reading(hex, (ref Amqp10Reader r) => r.ReadSymbolAscii());
    }

    [Theory]
    [InlineData("73 00 00 d8 00")]
    [InlineData("73 00 11 00 00")]
    public void A_char_that_is_not_a_unicode_scalar_value_is_a_decode_error(string hex)
    {
        Decoding(hex);
    }

    [Fact]
    public void A_timestamp_outside_datetimeoffsets_range_reads_as_milliseconds_but_not_as_a_datetimeoffset()
    {
        Reading("83 7f ff ff ff ff ff ff ff", (ref Amqp10Reader r) => r.ReadDateTimeOffset());
        var reader = new Amqp10Reader(Bytes("83 7f ff ff ff ff ff ff ff"));
        Assert.Equal(long.MaxValue, reader.ReadTimestamp().Milliseconds);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_a_decode_error_without_exhausting_the_stack()
    {
        // Lists nested 40 deep (written by our own writer, which does not limit depth).
        byte[] buffer = new byte[1024];
        var writer = new Amqp10Writer(buffer);
        var lists = new Amqp10Compound[40];
        for (int i = 0; i < lists.Length; i++) lists[i] = writer.BeginList();
        writer.WriteNull();
        for (int i = lists.Length - 1; i >= 0; i--) writer.EndList(lists[i]);
        byte[] deep = buffer[..writer.Written];
        Assert.Contains("nest deeper", Assert.Throws<Amqp10DecodeException>(() => Amqp10ValueCodec.ReadAll(deep)).Message, StringComparison.Ordinal);

        // A chain of described constructors a million long: each describes the next descriptor.
        byte[] chain = new byte[1_000_001];
        chain[^1] = 0x40;
        Assert.Throws<Amqp10DecodeException>(() => Amqp10ValueCodec.ReadAll(chain));
        Assert.Throws<Amqp10DecodeException>(() =>
        {
            var reader = new Amqp10Reader(chain);
            reader.Skip();
        });

        // Exactly at the limit still reads.
        Amqp10Value nested = Amqp10Value.Null;
        for (int i = 0; i < Amqp10Reader.MaxDepth; i++) nested = Amqp10Value.List(nested);
        Assert.Equal(nested.ToString(), Assert.Single(Amqp10ValueCodec.ReadAll(Amqp10ValueCodec.Encode(1024, nested))).ToString());
    }

    [Fact]
    public void An_array_claiming_billions_of_zero_width_elements_is_refused_before_any_allocation()
    {
        Decoding("f0 00 00 00 05 7f ff ff ff 40");
        Decoding("f0 00 00 00 05 00 01 00 01 43");
        // At the limit it decodes.
        Assert.Equal(Amqp10Reader.MaxZeroWidthElements, Assert.Single(Amqp10ValueCodec.ReadAll(Bytes("f0 00 00 00 05 00 01 00 00 40"))).AsArray.Elements.Length);
    }

    [Fact]
    public void Random_damage_to_valid_encodings_never_escapes_as_another_exception()
    {
        Gen.Select(Amqp10Gen.Value, Gen.Int[0, 1000], Gen.Byte, Gen.Int[0, 2]).Sample((value, position, replacement, mode) =>
        {
            byte[] bytes = Amqp10ValueCodec.Encode(1 << 20, value);
            if (bytes.Length == 0) return;
            int at = position % bytes.Length;
            byte[] damaged = mode switch
            {
                0 => bytes.ToArray(),
                1 => [.. bytes[..at], .. bytes[(at + 1)..]],
                _ => [.. bytes[..at], replacement, .. bytes[at..]],
            };
            if (mode == 0) damaged[at] = replacement;
            try
            {
                Amqp10ValueCodec.ReadAll(damaged);
            }
            catch (Amqp10DecodeException)
            {
            }

            try
            {
                var reader = new Amqp10Reader(damaged);
                while (!reader.IsEnd) reader.Skip();
            }
            catch (Amqp10DecodeException)
            {
            }
        }, iter: 3000);
    }
}
