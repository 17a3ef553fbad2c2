using System.Buffers.Binary;
using TypedAmqp.Protocol;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

/// <summary>Publishes too large for the connection are refused before anything is sent, and the connection lives on.</summary>
public sealed class PublishSizeLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Properties whose headers table alone is larger than <paramref name="bytes"/>.</summary>
    private static BasicProperties PropertiesOfAtLeast(int bytes) => new()
    {
        ContentType = "text/plain",
        Headers = new Dictionary<string, object?> { ["x-trace-dump"] = new string('t', bytes) },
    };

    /// <summary>Reads the next publish's frames; returns its content header's body size and the body.</summary>
    private static async Task<(ulong BodySize, byte[] Body)> ReadPublishAsync(FakeBroker broker)
    {
        await broker.ExpectMethodAsync(MethodId.BasicPublish);
        ReceivedFrame header = await broker.ReadFrameAsync();
        Assert.Equal(FrameType.ContentHeader, header.Type);
        ulong bodySize = BinaryPrimitives.ReadUInt64BigEndian(header.Payload.AsSpan(4));
        var body = new List<byte>();
        while ((ulong)body.Count < bodySize)
        {
            ReceivedFrame frame = await broker.ReadFrameAsync();
            Assert.Equal(FrameType.ContentBody, frame.Type);
            body.AddRange(frame.Payload);
        }

        return (bodySize, body.ToArray());
    }

    [Fact]
    public async Task A_content_header_larger_than_frame_max_is_refused_before_sending_and_the_channels_live_on()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenConfirmChannelAsync(connection);
        AmqpChannel other = await broker.OpenChannelAsync(connection);
        Assert.Equal(131072u, connection.FrameMax);

        // Bounded: a publish that went out would wait for a confirm this broker never sends.
        AmqpMessageTooLargeException error = await Assert.ThrowsAsync<AmqpMessageTooLargeException>(
            () => channel.PublishAsync("", "q", "body"u8.ToArray(), PropertiesOfAtLeast(200_000)).AsTask().WaitAsync(Timeout));

        Assert.InRange(error.Size, 200_000, 201_000);
        Assert.Equal(131072, error.Limit);
        Assert.Contains($"{error.Size} bytes", error.Message);
        Assert.Contains("frame_max of 131072", error.Message);
        Assert.True(connection.IsOpen);
        Assert.True(channel.IsOpen);
        Assert.Equal(1UL, channel.NextPublishSequenceNumber); // the refused publish took no sequence number

        // Nothing of the refused publish reached the broker: the next frames are the next publish, whole.
        Task accepted = channel.PublishAsync("", "q", "after"u8.ToArray(), PropertiesOfAtLeast(100)).AsTask();
        Assert.Equal("after"u8.ToArray(), (await ReadPublishAsync(broker)).Body);
        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.BasicAck, static (ref AmqpWriter w) =>
        {
            w.WriteLongLong(1);
            w.WriteBit(false);
        }));
        await accepted.WaitAsync(Timeout);

        Task onOther = other.PublishAsync("", "q", "other"u8.ToArray()).AsTask();
        Assert.Equal("other"u8.ToArray(), (await ReadPublishAsync(broker)).Body);
        await onOther.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_content_header_that_just_fits_frame_max_is_sent()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync(options => options.FrameMax = 4096);
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        // Find the header value length whose frame is exactly frame_max.
        int fixedPart = 0;
        for (int length = 3500; length < 4096; length++)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            FrameWriter.WriteContentHeader(buffer, 1, 1, PropertiesOfAtLeast(length), uint.MaxValue);
            if (buffer.WrittenCount == 4096)
            {
                fixedPart = length;
                break;
            }
        }

        Assert.NotEqual(0, fixedPart);
        Task fits = channel.PublishAsync("", "q", "x"u8.ToArray(), PropertiesOfAtLeast(fixedPart)).AsTask();
        Assert.Equal("x"u8.ToArray(), (await ReadPublishAsync(broker)).Body);
        await fits.WaitAsync(Timeout);
        await Assert.ThrowsAsync<AmqpMessageTooLargeException>(() => channel.PublishAsync("", "q", "x"u8.ToArray(), PropertiesOfAtLeast(fixedPart + 1)).AsTask().WaitAsync(Timeout));
    }
}
