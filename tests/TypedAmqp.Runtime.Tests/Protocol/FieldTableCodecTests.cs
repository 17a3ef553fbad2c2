using System.Buffers;
using CsCheck;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Protocol;

public sealed class FieldTableCodecTests
{
    private static Dictionary<string, object?> RoundTrip(IReadOnlyDictionary<string, object?> table, int segmentSize = 0)
    {
        int size = FieldTableCodec.GetTableSize(table);
        byte[] buffer = new byte[size];
        Assert.Equal(size, FieldTableCodec.WriteTable(buffer, table));
        ReadOnlySequence<byte> content = segmentSize > 0 ? Segments.Split(buffer[4..], segmentSize) : new ReadOnlySequence<byte>(buffer, 4, size - 4);
        return FieldTableCodec.ReadTable(content);
    }

    [Fact]
    public void Every_scalar_value_type_round_trips()
    {
        AmqpGen.Scalar.Sample(value =>
        {
            Dictionary<string, object?> decoded = RoundTrip(new Dictionary<string, object?> { ["v"] = value });
            AmqpGen.AssertSameValue(value, decoded["v"]);
        }, iter: 2000);
    }

    [Fact]
    public void Nested_tables_and_arrays_round_trip_even_across_segments()
    {
        Gen.Select(AmqpGen.Table, Gen.Int[1, 9]).Sample((table, segmentSize) =>
        {
            Dictionary<string, object?> decoded = RoundTrip(table, segmentSize);
            AmqpGen.AssertSameValue(table, decoded);
        }, iter: 500);
    }

    [Fact]
    public void Each_value_is_written_with_rabbitmqs_type_tag()
    {
        var cases = new (object? Value, char Tag)[]
        {
            (true, 't'), ((sbyte)-1, 'b'), ((byte)1, 'B'), ((short)-2, 's'), ((ushort)2, 'u'), (-3, 'I'), (3u, 'i'), (4L, 'l'),
            (1.5f, 'f'), (2.5d, 'd'), (1.25m, 'D'), ("s", 'S'), (new AmqpTimestamp(5), 'T'), (new byte[] { 1 }, 'x'),
            (new Dictionary<string, object?>(), 'F'), (new List<object?>(), 'A'), (null, 'V'),
        };
        foreach ((object? value, char tag) in cases)
        {
            byte[] buffer = new byte[64];
            FieldTableCodec.WriteTable(buffer, new Dictionary<string, object?> { ["k"] = value });
            Assert.True(buffer[6] == (byte)tag, $"{value?.GetType().Name ?? "null"} written as '{(char)buffer[6]}', expected '{tag}'");
        }
    }

    [Fact]
    public void Validate_agrees_with_read_on_intact_and_damaged_tables()
    {
        // Any table the writer makes validates; with one byte changed, Validate fails exactly when ReadTable throws.
        Gen.Select(AmqpGen.Table, Gen.Int[0, 1000], Gen.Byte).Sample((table, position, value) =>
        {
            int size = FieldTableCodec.GetTableSize(table);
            byte[] buffer = new byte[size];
            FieldTableCodec.WriteTable(buffer, table);
            var content = new ReadOnlySequence<byte>(buffer, 4, size - 4);
            Assert.Null(FieldTableCodec.Validate(content));
            if (size == 4) return;
            buffer[4 + position % (size - 4)] = value;
            string? error = FieldTableCodec.Validate(content);
            try
            {
                FieldTableCodec.ReadTable(content);
                Assert.Null(error);
            }
            catch (AmqpProtocolException ex)
            {
                Assert.Equal(ex.Message, error);
            }
        }, iter: 2000);
    }

    [Theory]
    [InlineData("-1.5", new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xF1 })]
    [InlineData("1.5", new byte[] { 1, 0, 0, 0, 15 })]
    [InlineData("-2147483648", new byte[] { 0, 0x80, 0, 0, 0 })]
    [InlineData("-0.00000001", new byte[] { 8, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void Decimals_are_a_scale_and_a_twos_complement_value(string text, byte[] encoded)
    {
        decimal value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        byte[] buffer = new byte[64];
        int written = FieldTableCodec.WriteTable(buffer, new Dictionary<string, object?> { ["k"] = value });
        Assert.Equal(encoded, buffer[7..written]);
        Assert.Equal(value, FieldTableCodec.ReadTable(new ReadOnlySequence<byte>(buffer, 4, written - 4))["k"]);
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("-2147483649")]
    public void Decimals_whose_unscaled_value_is_past_32_bits_are_refused(string text)
    {
        decimal value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Throws<ArgumentException>(() => FieldTableCodec.WriteTable(new byte[64], new Dictionary<string, object?> { ["k"] = value }));
    }

    [Fact]
    public void Long_string_that_is_not_utf8_decodes_as_bytes()
    {
        byte[] encoded = [1, (byte)'k', (byte)'S', 0, 0, 0, 2, 0xFF, 0xFE];
        Dictionary<string, object?> table = FieldTableCodec.ReadTable(new ReadOnlySequence<byte>(encoded));
        Assert.Equal(new byte[] { 0xFF, 0xFE }, table["k"]);
    }

    [Fact]
    public void An_unknown_type_tag_is_a_syntax_error_naming_the_tag()
    {
        byte[] encoded = [1, (byte)'k', (byte)'Z', 0];
        AmqpProtocolException error = Assert.Throws<AmqpProtocolException>(() => FieldTableCodec.ReadTable(new ReadOnlySequence<byte>(encoded)));
        Assert.Equal(ReplyCode.SyntaxError, error.ReplyCode);
        Assert.Contains("'Z'", error.Message);
    }

    [Fact]
    public void A_value_cut_short_is_a_frame_error()
    {
        byte[] encoded = [1, (byte)'k', (byte)'I', 0, 0];
        AmqpProtocolException error = Assert.Throws<AmqpProtocolException>(() => FieldTableCodec.ReadTable(new ReadOnlySequence<byte>(encoded)));
        Assert.Equal(ReplyCode.FrameError, error.ReplyCode);
    }

    [Fact]
    public void Unsupported_clr_types_are_refused_with_the_type_named()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => FieldTableCodec.GetTableSize(new Dictionary<string, object?> { ["k"] = new Uri("http://x") }));
        Assert.Contains("System.Uri", error.Message);
    }

    [Fact]
    public void Tables_nested_past_the_limit_are_refused_on_read()
    {
        // 70 nested tables: 'F' + length around each level.
        var bytes = new List<byte>();
        byte[] inner = [];
        for (int i = 0; i < 70; i++)
        {
            var level = new List<byte> { 1, (byte)'k', (byte)'F' };
            level.AddRange(BitConverter.GetBytes(inner.Length).Reverse());
            level.AddRange(inner);
            inner = [.. level];
        }

        AmqpProtocolException error = Assert.Throws<AmqpProtocolException>(() => FieldTableCodec.ReadTable(new ReadOnlySequence<byte>(inner)));
        Assert.Equal(ReplyCode.SyntaxError, error.ReplyCode);
    }
}
