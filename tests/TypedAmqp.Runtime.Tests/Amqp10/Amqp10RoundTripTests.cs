using CsCheck;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10;

/// <summary>Property tests: whatever the writer writes, the reader reads back as the same value, and skips in one step.</summary>
public sealed class Amqp10RoundTripTests
{
    private static void AssertRoundTrips(Amqp10Value value)
    {
        byte[] bytes = Amqp10ValueCodec.Encode(1 << 20, value);
        List<Amqp10Value> decoded = Amqp10ValueCodec.ReadAll(bytes);
        Assert.Equal(value.ToString(), Assert.Single(decoded).ToString());

        // Writing what was read gives the same bytes: the writer's choice of encoding depends on the value alone.
        Assert.Equal(bytes, Amqp10ValueCodec.Encode(1 << 20, decoded[0]));

        var reader = new Amqp10Reader(bytes);
        reader.Skip();
        Assert.True(reader.IsEnd, "Skip passed over exactly one value");
    }

    [Fact]
    public void Every_primitive_type_round_trips()
    {
        foreach ((Amqp10Type type, Gen<Amqp10Value> gen) in Amqp10Gen.Primitives)
        {
            gen.Sample(value =>
            {
                Assert.Equal(type, value.Type);
                AssertRoundTrips(value);
            }, iter: 300);
        }
    }

    [Fact]
    public void Nested_lists_maps_arrays_and_described_values_round_trip()
    {
        Amqp10Gen.Value.Sample(AssertRoundTrips, iter: 1500);
    }

    [Fact]
    public void Several_values_in_a_row_read_back_in_order_and_skip_one_by_one()
    {
        Amqp10Gen.Value.Array[1, 8].Sample(values =>
        {
            byte[] bytes = Amqp10ValueCodec.Encode(1 << 20, values);
            Assert.Equal(values.Select(v => v.ToString()), Amqp10ValueCodec.ReadAll(bytes).Select(v => v.ToString()));
            var reader = new Amqp10Reader(bytes);
            for (int i = 0; i < values.Length; i++) reader.Skip();
            Assert.True(reader.IsEnd);
        }, iter: 300);
    }

    [Fact]
    public void Compounds_choose_the_8_bit_form_exactly_when_size_and_count_fit()
    {
        Gen.Select(Gen.Int[0, 300], Gen.Int[0, 3]).Sample((length, kind) =>
        {
            // A list or map holding one binary of `length` bytes (plus, for the map, a null key).
            var binary = Amqp10Value.Binary(new byte[length]);
            Amqp10Value value = kind switch
            {
                0 => Amqp10Value.List(binary),
                1 => Amqp10Value.Map(Amqp10Value.Null, binary),
                2 => Amqp10Value.Array(Amqp10Type.Binary, null, binary),
                _ => Amqp10Value.Described(Amqp10Value.ULong(0x77), Amqp10Value.List(binary)),
            };
            byte[] bytes = Amqp10ValueCodec.Encode(1 << 12, value);
            int binaryLength = (length <= 255 ? 2 : 5) + length;
            int contentLength = kind switch { 0 => binaryLength, 1 => 1 + binaryLength, 2 => binaryLength, _ => binaryLength };
            int offset = kind == 3 ? 3 : 0;
            bool small = contentLength + 1 <= 255;
            byte code = bytes[offset];
            Assert.Equal(small, (code & 0x10) == 0);
            AssertRoundTrips(value);
        }, iter: 400);
    }
}
