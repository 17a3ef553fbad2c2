using TypedAmqp.Messaging;
using TypedAmqp.Protocol;
using TypedAmqp.Tests.Client;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Messaging;

/// <summary>Typed publishes through <see cref="AmqpMessaging"/>, with and without publisher confirms, against the in-memory broker.</summary>
public sealed class TypedPublishingTests
{
    private static readonly MessageDescriptor<AllocationOrder> Descriptor = new("orders.placed", AllocationJson.Default.AllocationOrder);
    private static readonly AllocationOrder Order = new(7, "customer@example.com", 12.5m, ["gift"]);

    private static ValueTask PublishAsync(AmqpMessaging messaging, CancellationToken cancellationToken = default) =>
        messaging.PublishAsync("orders"u8.ToArray(), "order.placed"u8.ToArray(), Descriptor, Order, null, cancellationToken);

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
    public async Task A_typed_publish_waiting_for_its_confirm_fails_when_the_connection_is_lost()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        var messaging = new AmqpMessaging(connection);
        Task pending = PublishAsync(messaging).AsTask();
        await AcceptFirstPublishAsync(broker, confirms: true);

        await broker.DisposeAsync(); // the transport ends: the broker is gone

        await Assert.ThrowsAsync<AmqpConnectionClosedException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5)));
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
