using System.Buffers.Binary;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Messaging;
using TypedAmqp.Tests.Client;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Messaging;

/// <summary>Typed publishes through <see cref="AmqpMessaging"/>, with and without publisher confirms, against the in-memory broker.</summary>
public sealed class TypedPublishingTests
{
    private static readonly MessageDescriptor<AllocationOrder> Descriptor = new("orders.placed", AllocationJson.Default.AllocationOrder);
    private static readonly AllocationOrder Order = new(7, "customer@example.com", 12.5m, ["gift"]);

    private static ValueTask PublishAsync(AmqpMessaging messaging, CancellationToken cancellationToken = default) =>
        messaging.PublishAsync("orders"u8.ToArray(), "order.placed"u8.ToArray(), "order.placed", Descriptor, Order, null, cancellationToken);

    /// <summary>Answers the channel.open (and confirm.select) the first typed publish makes; returns the publish frame.</summary>
    private static async Task<ReceivedFrame> AcceptFirstPublishAsync(FakeBroker broker, bool confirms)
    {
        await broker.AnswerChannelOpenAsync();
        if (confirms) await broker.AnswerConfirmSelectAsync();

        return await ExpectPublishAsync(broker);
    }

    /// <summary>Reads a basic.publish and its content header and body frames; returns the method frame.</summary>
    private static async Task<ReceivedFrame> ExpectPublishAsync(FakeBroker broker)
    {
        ReceivedFrame publish = await broker.ExpectMethodAsync(MethodId.BasicPublish);
        Assert.Equal(FrameType.ContentHeader, (await broker.ReadFrameAsync()).Type);
        Assert.Equal(FrameType.ContentBody, (await broker.ReadFrameAsync()).Type);
        return publish;
    }

    /// <summary>Reads a basic.publish and its content header and body frames; returns the method frame and the other two frames' payloads.</summary>
    private static async Task<(ReceivedFrame Publish, byte[] ContentHeader, byte[] Body)> ReadPublishAsync(FakeBroker broker)
    {
        ReceivedFrame publish = await broker.ExpectMethodAsync(MethodId.BasicPublish);
        ReceivedFrame header = await broker.ReadFrameAsync();
        ReceivedFrame body = await broker.ReadFrameAsync();
        Assert.Equal(FrameType.ContentHeader, header.Type);
        Assert.Equal(FrameType.ContentBody, body.Type);
        return (publish, header.Payload, body.Payload);
    }

    /// <summary>Sends a frame with a given payload as is (here: to hand a publish's own content back in a basic.return).</summary>
    private static Task SendFrameAsync(FakeBroker broker, byte type, ushort channel, byte[] payload)
    {
        var frame = new byte[FrameConstants.Overhead + payload.Length];
        frame[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), channel);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(3), (uint)payload.Length);
        payload.CopyTo(frame, 7);
        frame[^1] = FrameConstants.FrameEnd;
        return broker.SendRawAsync(frame);
    }

    private static Task SendConfirmAsync(FakeBroker broker, ushort channel, uint method, ulong tag) =>
        broker.SendMethodAsync(channel, new ServerMethod(method, (ref AmqpWriter w) =>
        {
            w.WriteLongLong(tag);
            w.WriteBit(false);
            w.WriteBit(false);
        }));

    [Fact]
    public async Task A_typed_publish_completes_only_when_the_broker_confirms_it_and_a_nack_fails_it()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        var messaging = new AmqpMessaging(connection);

        Task first = PublishAsync(messaging).AsTask();
        ReceivedFrame publish = await AcceptFirstPublishAsync(broker, confirms: true);
        await Task.Delay(50);
        Assert.False(first.IsCompleted);
        Assert.Equal(1, messaging.PendingConfirms);
        await SendConfirmAsync(broker, publish.Channel, MethodId.BasicAck, 1);
        await first.WaitAsync(TimeSpan.FromSeconds(5));

        Task second = PublishAsync(messaging).AsTask();
        await ExpectPublishAsync(broker);
        await SendConfirmAsync(broker, publish.Channel, MethodId.BasicNack, 2);
        PublishException nacked = await Assert.ThrowsAsync<PublishException>(() => second.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2UL, nacked.SequenceNumber);
        Assert.Equal(0, messaging.PendingConfirms);
    }

    [Fact]
    public async Task A_returned_typed_publish_is_found_by_its_generated_message_id_without_a_sequence_header()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        var messaging = new AmqpMessaging(connection);
        Task first = PublishAsync(messaging).AsTask();
        await broker.AnswerChannelOpenAsync();
        await broker.AnswerConfirmSelectAsync();
        (ReceivedFrame publish, _, _) = await ReadPublishAsync(broker);
        Task second = PublishAsync(messaging).AsTask();
        (_, byte[] secondHeader, byte[] secondBody) = await ReadPublishAsync(broker);
        ushort channel = publish.Channel;

        // Content header payload: class, weight and body size (12 bytes), then the flags and properties.
        var properties = ContentHeaderProperties.Of(secondHeader.AsMemory(12));
        Assert.Null(properties.Headers);
        Assert.True(MessageIds.TryParse(properties.MessageId, out _), $"'{properties.MessageId}' is not a generated message id");

        // As RabbitMQ does for an unroutable mandatory publish: the return first, then the ack.
        await broker.SendMethodAsync(channel, new ServerMethod(MethodId.BasicReturn, static (ref AmqpWriter w) =>
        {
            w.WriteShort(ReplyCode.NoRoute);
            w.WriteShortString("NO_ROUTE");
            w.WriteShortString("orders");
            w.WriteShortString("order.placed");
        }));
        await SendFrameAsync(broker, FrameType.ContentHeader, channel, secondHeader);
        await SendFrameAsync(broker, FrameType.ContentBody, channel, secondBody);
        await SendConfirmAsync(broker, channel, MethodId.BasicAck, 2);

        PublishException returned = await Assert.ThrowsAsync<PublishException>(() => second.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(returned.IsReturn);
        Assert.Equal(2UL, returned.SequenceNumber);
        Assert.Equal(ReplyCode.NoRoute, returned.ReplyCode);
        Assert.False(first.IsCompleted, "the return failed or completed the other publish");

        await SendConfirmAsync(broker, channel, MethodId.BasicAck, 1);
        await first.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, messaging.PendingConfirms);
    }

    [Fact]
    public async Task A_typed_publish_waiting_for_its_confirm_fails_as_outcome_unknown_when_the_connection_is_lost()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        var messaging = new AmqpMessaging(connection);
        Task pending = PublishAsync(messaging).AsTask();
        await AcceptFirstPublishAsync(broker, confirms: true);

        await broker.DisposeAsync(); // the transport ends: the broker is gone

        // Sent, never confirmed: the broker may have it. The exception says so, names the message, and is still a close.
        var unknown = await Assert.ThrowsAsync<PublishOutcomeUnknownException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(22, unknown.MessageId.Length);
        Assert.IsType<AmqpConnectionClosedException>(unknown.InnerException);
        Assert.Equal(unknown.Reason, ((AmqpConnectionClosedException)unknown.InnerException).Reason);
        Assert.Equal(0, messaging.PendingConfirms);
    }

    [Fact]
    public async Task Without_publisher_confirms_there_is_no_confirm_select_and_a_publish_completes_once_written()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        var messaging = new AmqpMessaging(connection) { PublisherConfirms = false };

        Task first = PublishAsync(messaging).AsTask();
        ReceivedFrame publish = await AcceptFirstPublishAsync(broker, confirms: false);
        await first.WaitAsync(TimeSpan.FromSeconds(5)); // no ack was ever sent

        AmqpReader arguments = publish.Arguments();
        arguments.ReadShort(); // reserved
        Assert.Equal("orders", arguments.ReadShortString());
        Assert.Equal("order.placed", arguments.ReadShortString());
        Assert.False(arguments.ReadBit()); // not mandatory: a return could not be matched to its publish

        await PublishAsync(messaging).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, messaging.PendingConfirms);
    }
}
