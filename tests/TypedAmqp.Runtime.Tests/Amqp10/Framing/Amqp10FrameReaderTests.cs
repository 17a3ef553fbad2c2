using System.Buffers;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Amqp10.Framing;

public sealed class Amqp10FrameReaderTests
{
    /// <summary>A begin-like frame on channel 5: header, then a described list as body.</summary>
    private static byte[] Frame(byte type, ushort channel, byte[] body, byte dataOffset = 2, byte[]? extendedHeader = null)
    {
        extendedHeader ??= [];
        var bytes = new byte[8 + extendedHeader.Length + body.Length];
        Amqp10FrameHeader.Write(bytes, (uint)bytes.Length, type, channel);
        bytes[4] = dataOffset;
        extendedHeader.CopyTo(bytes, 8);
        body.CopyTo(bytes, 8 + extendedHeader.Length);
        return bytes;
    }

    private static readonly byte[] Body = [0x00, 0x53, 0x11, 0xc0, 0x04, 0x03, 0x40, 0x43, 0x43];

    [Fact]
    public void A_frame_header_is_written_as_size_doff_type_and_channel_big_endian()
    {
        var header = new byte[8];
        Amqp10FrameHeader.Write(header, 0x01020304, Amqp10FrameType.Sasl, 0x0506);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 2, 1, 5, 6 }, header);
    }

    [Fact]
    public void The_empty_frame_is_eight_octets_on_channel_zero_and_reads_as_empty()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 8, 2, 0, 0, 0 }, Amqp10FrameHeader.EmptyFrame.ToArray());
        var buffer = new ReadOnlySequence<byte>(Amqp10FrameHeader.EmptyFrame.ToArray());
        Assert.True(Amqp10FrameReader.TryReadFrame(ref buffer, 512, out Amqp10Frame frame));
        Assert.True(frame.IsEmpty);
        Assert.Equal(Amqp10FrameType.Amqp, frame.Type);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void A_frame_reads_with_its_type_channel_and_body_and_the_buffer_moves_past_it()
    {
        byte[] bytes = [.. Frame(Amqp10FrameType.Amqp, 5, Body), .. Amqp10FrameHeader.EmptyFrame];
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(Amqp10FrameReader.TryReadFrame(ref buffer, 512, out Amqp10Frame frame));
        Assert.Equal(Amqp10FrameType.Amqp, frame.Type);
        Assert.Equal(5, frame.Channel);
        Assert.Equal(Body, frame.Body.ToArray());
        Assert.Equal(8, buffer.Length);
    }

    [Fact]
    public void A_frame_cut_into_segments_at_every_byte_boundary_reads_the_same()
    {
        byte[] bytes = Frame(Amqp10FrameType.Sasl, 0, Body);
        // Segments of every length from 1 octet up: every boundary falls between two segments at least once.
        for (int segment = 1; segment <= bytes.Length; segment++)
        {
            ReadOnlySequence<byte> buffer = Segments.Split(bytes, segment);
            Assert.True(Amqp10FrameReader.TryReadFrame(ref buffer, 512, out Amqp10Frame frame), $"segments of {segment}");
            Assert.Equal(Amqp10FrameType.Sasl, frame.Type);
            Assert.Equal(Body, frame.Body.ToArray());
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void Every_strict_prefix_of_a_frame_asks_for_more_and_leaves_the_buffer_alone()
    {
        byte[] bytes = Frame(Amqp10FrameType.Amqp, 1, Body);
        for (int length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(Amqp10FrameReader.TryReadFrame(ref buffer, 512, out _), $"prefix of {length}");
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void An_extended_header_is_skipped_by_the_data_offset()
    {
        byte[] bytes = Frame(Amqp10FrameType.Amqp, 2, Body, dataOffset: 3, extendedHeader: [0xde, 0xad, 0xbe, 0xef]);
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(Amqp10FrameReader.TryReadFrame(ref buffer, 512, out Amqp10Frame frame));
        Assert.Equal(Body, frame.Body.ToArray());
    }

    [Fact]
    public void A_frame_over_the_max_frame_size_is_a_framing_error_before_its_body_arrives()
    {
        var header = new byte[8];
        Amqp10FrameHeader.Write(header, 513, Amqp10FrameType.Amqp, 3);
        var buffer = new ReadOnlySequence<byte>(header);
        var error = Assert.Throws<Amqp10ProtocolException>(() => Amqp10FrameReader.TryReadFrame(ref buffer, 512, out _));
        Assert.Equal("amqp:connection:framing-error", error.Condition);
        Assert.Contains("513", error.Message, StringComparison.Ordinal);
        Assert.Contains("max-frame-size of 512", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_of_exactly_the_max_frame_size_is_accepted()
    {
        byte[] bytes = Frame(Amqp10FrameType.Amqp, 0, new byte[504]);
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(Amqp10FrameReader.TryReadFrame(ref buffer, 512, out Amqp10Frame frame));
        Assert.Equal(504, frame.Body.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void A_data_offset_under_two_or_past_the_frame_is_a_framing_error(byte dataOffset)
    {
        // A 12-octet frame: doff 4 would put the body at octet 16, past its end.
        byte[] bytes = Frame(Amqp10FrameType.Amqp, 0, [0x40, 0x40, 0x40, 0x40], dataOffset);
        var buffer = new ReadOnlySequence<byte>(bytes);
        var error = Assert.Throws<Amqp10ProtocolException>(() => Amqp10FrameReader.TryReadFrame(ref buffer, 512, out _));
        Assert.Equal(Amqp10Conditions.FramingError, error.Condition);
        Assert.Contains($"data offset of {dataOffset}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_size_smaller_than_the_header_is_a_framing_error()
    {
        byte[] bytes = [0, 0, 0, 7, 2, 0, 0, 0];
        var buffer = new ReadOnlySequence<byte>(bytes);
        var error = Assert.Throws<Amqp10ProtocolException>(() => Amqp10FrameReader.TryReadFrame(ref buffer, 512, out _));
        Assert.Contains("smaller than the 8-octet frame header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_frame_type_is_a_framing_error()
    {
        byte[] bytes = Frame(2, 0, Body);
        var buffer = new ReadOnlySequence<byte>(bytes);
        var error = Assert.Throws<Amqp10ProtocolException>(() => Amqp10FrameReader.TryReadFrame(ref buffer, 512, out _));
        Assert.Contains("unknown frame type 0x02", error.Message, StringComparison.Ordinal);
        Assert.Equal(501, error.ReplyCode);
    }
}
