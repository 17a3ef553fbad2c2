using System.Buffers;
using System.Buffers.Binary;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Buffers;
using TypedAmqp.Messaging;
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

    private const int OneMebibyte = 1024 * 1024;

    private static Task AckAsync(FakeBroker broker, ushort channel, ulong tag) =>
        broker.SendMethodAsync(channel, new ServerMethod(MethodId.BasicAck, (ref AmqpWriter w) =>
        {
            w.WriteLongLong(tag);
            w.WriteBit(false);
        }));

    [Fact]
    public void The_default_maximum_message_size_is_rabbitmqs_default_of_128_mib_and_must_be_positive()
    {
        Assert.Equal(128 * OneMebibyte, new AmqpConnectionOptions().MaxMessageSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AmqpConnectionOptions().MaxMessageSize = 0);
    }

    [Fact]
    public async Task A_body_larger_than_the_maximum_message_size_is_refused_before_sending_and_one_of_that_size_is_sent()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync(options => options.MaxMessageSize = OneMebibyte);
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenConfirmChannelAsync(connection);

        AmqpMessageTooLargeException error = await Assert.ThrowsAsync<AmqpMessageTooLargeException>(
            () => channel.PublishAsync("", "q", new byte[OneMebibyte + 1]).AsTask().WaitAsync(Timeout));

        Assert.Equal(OneMebibyte + 1, error.Size);
        Assert.Equal(OneMebibyte, error.Limit);
        Assert.Contains($"{OneMebibyte + 1} bytes", error.Message);
        Assert.Contains($"maximum message size of {OneMebibyte} bytes", error.Message);
        Assert.Equal(1UL, channel.NextPublishSequenceNumber);
        Assert.True(connection.IsOpen);

        // Nothing of it was sent: the next frames are the next publish, of exactly the maximum size, whole.
        byte[] largest = new byte[OneMebibyte];
        Random.Shared.NextBytes(largest);
        Task accepted = channel.PublishAsync("", "q", largest).AsTask();
        (ulong size, byte[] body) = await ReadPublishAsync(broker);
        Assert.Equal((ulong)OneMebibyte, size);
        Assert.Equal(largest, body);
        await AckAsync(broker, channel.Number, 1);
        await accepted.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_serialized_body_over_the_maximum_is_refused_and_the_threads_body_buffer_does_not_keep_it()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync(options => options.MaxMessageSize = OneMebibyte);
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        // The body-writer publish serializes into this thread's buffer and refuses before writing to the connection:
        // synchronously, so the buffer checked below is the one it used.
        AmqpMessageTooLargeException error = Assert.Throws<AmqpMessageTooLargeException>(() =>
        {
            _ = channel.PublishAsync("", "q", 3 * OneMebibyte, static (IBufferWriter<byte> output, int size) =>
            {
                output.GetSpan(size)[..size].Fill((byte)'x');
                output.Advance(size);
            });
        });

        Assert.Equal(3 * OneMebibyte, error.Size);
        Assert.InRange(AmqpChannel.ThreadBodyBufferCapacity, 1, BufferRetention.MaxRetainedBytes);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task A_typed_publish_over_the_maximum_is_refused_and_leaves_no_confirm_pending()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync(options => options.MaxMessageSize = OneMebibyte);
        await using FakeBroker owner = broker;
        var messaging = new AmqpMessaging(connection);
        var descriptor = new MessageDescriptor<AllocationOrder>("orders.placed", AllocationJson.Default.AllocationOrder);
        var huge = new AllocationOrder(1, new string('c', 2 * OneMebibyte), 1m, []);

        Task publishing = messaging.PublishAsync("orders"u8.ToArray(), "order.placed"u8.ToArray(), "order.placed", descriptor, huge, null, CancellationToken.None).AsTask();
        await broker.AnswerChannelOpenAsync();
        await broker.AnswerConfirmSelectAsync();

        AmqpMessageTooLargeException error = await Assert.ThrowsAsync<AmqpMessageTooLargeException>(() => publishing.WaitAsync(Timeout));
        Assert.True(error.Size > 2 * OneMebibyte);
        Assert.Equal(0, messaging.PendingConfirms);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task A_large_publish_within_the_maximum_leaves_neither_the_body_buffer_nor_the_writer_holding_its_memory()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        ValueTask publishing = channel.PublishAsync("", "q", 4 * OneMebibyte, static (IBufferWriter<byte> output, int size) =>
        {
            output.GetSpan(size)[..size].Fill((byte)'y');
            output.Advance(size);
        });
        Assert.InRange(AmqpChannel.ThreadBodyBufferCapacity, 1, BufferRetention.MaxRetainedBytes);

        (ulong size, byte[] body) = await ReadPublishAsync(broker); // once the broker has it, the writer has let its batch go
        Assert.Equal((ulong)(4 * OneMebibyte), size);
        Assert.Equal(-1, body.AsSpan().IndexOfAnyExcept((byte)'y'));
        await publishing.AsTask().WaitAsync(Timeout);
        Assert.InRange(connection.Writer.BufferCapacity, 1, 2 * BufferRetention.MaxRetainedBytes);
    }
}
