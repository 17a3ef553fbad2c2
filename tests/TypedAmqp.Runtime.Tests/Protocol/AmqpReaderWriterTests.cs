using System.Buffers;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Protocol;

public sealed class AmqpReaderWriterTests
{
    [Fact]
    public void Domain_types_round_trip_across_segment_boundaries()
    {
        byte[] buffer = new byte[256];
        var writer = new AmqpWriter(buffer);
        writer.WriteOctet(0xAB);
        writer.WriteShort(0xBEEF);
        writer.WriteLong(0xDEADBEEF);
        writer.WriteLongLong(0x0123456789ABCDEF);
        writer.WriteBit(true);
        writer.WriteBit(false);
        writer.WriteBit(true);
        writer.WriteShortString("short ✓");
        writer.WriteLongString("long string");
        int length = writer.Position;

        var reader = new AmqpReader(Segments.Split(buffer[..length], 3));
        Assert.Equal(0xAB, reader.ReadOctet());
        Assert.Equal(0xBEEF, reader.ReadShort());
        Assert.Equal(0xDEADBEEFu, reader.ReadLong());
        Assert.Equal(0x0123456789ABCDEFUL, reader.ReadLongLong());
        Assert.True(reader.ReadBit());
        Assert.False(reader.ReadBit());
        Assert.True(reader.ReadBit());
        Assert.Equal("short ✓", reader.ReadShortString());
        Assert.Equal("long string", reader.ReadLongString());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Nine_bits_take_two_octets_least_significant_first()
    {
        byte[] buffer = new byte[4];
        var writer = new AmqpWriter(buffer);
        for (int i = 0; i < 9; i++) writer.WriteBit(i is 0 or 8);
        Assert.Equal(2, writer.Position);
        Assert.Equal(new byte[] { 0b0000_0001, 0b0000_0001 }, buffer[..2]);
    }

    [Fact]
    public void A_short_string_over_255_bytes_is_refused()
    {
        byte[] buffer = new byte[2048];
        ArgumentException error = Assert.Throws<ArgumentException>(() =>
        {
            var writer = new AmqpWriter(buffer);
            writer.WriteShortString(new string('x', 256));
        });
        Assert.Contains("255", error.Message);
    }

    [Fact]
    public void Reading_past_the_end_is_a_frame_error_naming_the_field()
    {
        AmqpProtocolException error = Assert.Throws<AmqpProtocolException>(() =>
        {
            var reader = new AmqpReader(new ReadOnlySequence<byte>(new byte[] { 10, (byte)'a' }));
            reader.ReadShortString();
        });
        Assert.Equal(ReplyCode.FrameError, error.ReplyCode);
        Assert.Contains("short string", error.Message);
    }
}
