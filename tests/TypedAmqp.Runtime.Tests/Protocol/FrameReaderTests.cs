using System.Buffers;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Protocol;

public sealed class FrameReaderTests
{
    private static byte[] PublishFrames(int bodySize, uint frameMax = 131072) => FakeBroker.Encode(buffer =>
    {
        FrameWriter.WriteMethod(buffer, 3, new BasicPublish("orders", "order.created", mandatory: true));
        FrameWriter.WriteContentHeader(buffer, 3, (ulong)bodySize, new BasicProperties { ContentType = "application/json", MessageId = "m-1" }, FrameConstants.DefaultFrameMax);
        FrameWriter.WriteBody(buffer, 3, new byte[bodySize], frameMax);
    });

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void Frames_spanning_many_segments_are_read_whole(int segmentSize)
    {
        byte[] bytes = PublishFrames(300);
        ReadOnlySequence<byte> buffer = Segments.Split(bytes, segmentSize);

        var types = new List<byte>();
        long payloadBytes = 0;
        while (FrameReader.TryReadFrame(ref buffer, 131072, out Frame frame))
        {
            Assert.Equal(3, frame.Channel);
            types.Add(frame.Type);
            payloadBytes += frame.Payload.Length;
        }

        Assert.True(buffer.IsEmpty);
        Assert.Equal([FrameType.Method, FrameType.ContentHeader, FrameType.ContentBody], types);
        Assert.Equal(bytes.Length - 3 * FrameConstants.Overhead, payloadBytes);
    }

    [Fact]
    public void A_partial_frame_waits_for_more_bytes_without_consuming()
    {
        byte[] bytes = PublishFrames(10);
        for (int length = 0; length < 20; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(FrameReader.TryReadFrame(ref buffer, 131072, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void Bodies_are_split_at_frame_max()
    {
        byte[] bytes = PublishFrames(10_000, frameMax: 4096);
        var buffer = new ReadOnlySequence<byte>(bytes);
        var bodySizes = new List<long>();
        while (FrameReader.TryReadFrame(ref buffer, 4096, out Frame frame))
        {
            if (frame.Type == FrameType.ContentBody) bodySizes.Add(frame.Payload.Length);
        }

        Assert.Equal([4088, 4088, 1824], bodySizes);
    }

    [Fact]
    public void A_wrong_frame_end_octet_is_a_frame_error()
    {
        byte[] bytes = PublishFrames(10);
        int methodFrameLength = FrameConstants.Overhead + (bytes[3] << 24 | bytes[4] << 16 | bytes[5] << 8 | bytes[6]);
        bytes[methodFrameLength - 1] = 0x00;
        var buffer = new ReadOnlySequence<byte>(bytes);

        AmqpProtocolException error = Assert.Throws<AmqpProtocolException>(() => FrameReader.TryReadFrame(ref buffer, 131072, out _));

        Assert.Equal(ReplyCode.FrameError, error.ReplyCode);
        Assert.Contains("frame-end", error.Message);
    }

    [Fact]
    public void A_frame_over_frame_max_is_a_frame_error_before_its_payload_arrives()
    {
        byte[] header = [FrameType.ContentBody, 0, 1, 0, 1, 0, 0]; // 65536-byte payload announced
        var buffer = new ReadOnlySequence<byte>(header);

        AmqpProtocolException error = Assert.Throws<AmqpProtocolException>(() => FrameReader.TryReadFrame(ref buffer, 4096, out _));

        Assert.Equal(ReplyCode.FrameError, error.ReplyCode);
        Assert.Contains("frame_max", error.Message);
    }

    [Fact]
    public void An_unknown_frame_type_is_a_frame_error()
    {
        byte[] bytes = [42, 0, 0, 0, 0, 0, 0, 0xCE];
        var buffer = new ReadOnlySequence<byte>(bytes);

        AmqpProtocolException error = Assert.Throws<AmqpProtocolException>(() => FrameReader.TryReadFrame(ref buffer, 4096, out _));

        Assert.Equal(ReplyCode.FrameError, error.ReplyCode);
        Assert.Contains("unknown frame type 42", error.Message);
    }

    [Fact]
    public void Heartbeat_frame_has_the_spec_layout()
    {
        byte[] bytes = FakeBroker.Encode(FrameWriter.WriteHeartbeat);
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0xCE }, bytes);
    }

    [Fact]
    public void Publish_method_frame_has_the_spec_layout()
    {
        byte[] bytes = FakeBroker.Encode(buffer => FrameWriter.WriteMethod(buffer, 1, new BasicPublish("ex", "rk", mandatory: true)));
        byte[] expected =
        [
            1, 0, 1, 0, 0, 0, 13, // method frame, channel 1, 13-byte payload
            0, 60, 0, 40, // basic.publish
            0, 0, // reserved
            2, (byte)'e', (byte)'x',
            2, (byte)'r', (byte)'k',
            0b01, // mandatory, not immediate
            0xCE,
        ];
        Assert.Equal(expected, bytes);
    }
}
