using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Messaging;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Messaging;

/// <summary>
/// How <see cref="AmqpConsumer.ReadAllAsync"/> and <see cref="AmqpConsumer.ReceiveBatchAsync"/> end: quietly when the
/// application stopped the consumer, with the reason when anything else did.
/// </summary>
public sealed class ConsumerReadingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<AmqpConsumer> ConsumeAsync(FakeBroker broker, AmqpChannel channel)
    {
        Task<AmqpConsumer> consuming = channel.ConsumeAsync("work").AsTask();
        await broker.ExpectMethodAsync(MethodId.BasicConsume);
        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.BasicConsumeOk, static (ref AmqpWriter w) => w.WriteShortString("ctag")));
        return await consuming.WaitAsync(Timeout);
    }

    private static async Task DeliverAsync(FakeBroker broker, ushort channel, ulong deliveryTag, byte[] body)
    {
        await broker.SendRawAsync(FakeBroker.Encode(buffer =>
        {
            FrameWriter.WriteMethod(buffer, channel, new ServerMethod(MethodId.BasicDeliver, (ref AmqpWriter w) =>
            {
                w.WriteShortString("ctag");
                w.WriteLongLong(deliveryTag);
                w.WriteBit(false);
                w.WriteShortString("");
                w.WriteShortString("work");
            }));
            FrameWriter.WriteContentHeader(buffer, channel, (ulong)body.Length, new BasicProperties(), FrameConstants.DefaultFrameMax);
            FrameWriter.WriteBody(buffer, channel, body, 131072);
        }));
    }

    /// <summary>Reads every delivery into a list until the sequence ends or throws.</summary>
    private static async Task<List<string>> ReadAllAsync(AmqpConsumer consumer, List<string> read, TaskCompletionSource firstRead)
    {
        await foreach (Delivery delivery in consumer.ReadAllAsync())
        {
            read.Add(System.Text.Encoding.UTF8.GetString(delivery.Body.Span));
            firstRead.TrySetResult();
        }

        return read;
    }

    [Fact]
    public async Task Reading_throws_the_close_reason_when_the_broker_closes_the_connection()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        AmqpConsumer consumer = await ConsumeAsync(broker, channel);
        var read = new List<string>();
        var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<List<string>> reading = ReadAllAsync(consumer, read, firstRead);
        await DeliverAsync(broker, channel.Number, 1, "first"u8.ToArray());
        await firstRead.Task.WaitAsync(Timeout); // the reader now waits for the next delivery

        await broker.SendMethodAsync(0, new CloseMethod(MethodId.ConnectionClose, ReplyCode.ConnectionForced, "CONNECTION_FORCED - operator", 0, 0));

        AmqpConnectionClosedException error = await Assert.ThrowsAsync<AmqpConnectionClosedException>(() => reading.WaitAsync(Timeout));
        Assert.Equal(ReplyCode.ConnectionForced, error.ReplyCode);
        Assert.Equal(CloseInitiator.Broker, error.Reason.Initiator);
        Assert.Equal(["first"], read);
    }

    [Fact]
    public async Task Reading_throws_when_the_socket_ends()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        AmqpConsumer consumer = await ConsumeAsync(broker, channel);
        Task<List<string>> reading = ReadAllAsync(consumer, [], new TaskCompletionSource());

        await broker.ToClient.CompleteAsync();

        AmqpConnectionClosedException error = await Assert.ThrowsAsync<AmqpConnectionClosedException>(() => reading.WaitAsync(Timeout));
        Assert.Equal(CloseInitiator.Library, error.Reason.Initiator);
    }

    [Fact]
    public async Task Reading_throws_the_channel_close_when_the_broker_closes_the_channel()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        AmqpConsumer consumer = await ConsumeAsync(broker, channel);
        Task<List<string>> reading = ReadAllAsync(consumer, [], new TaskCompletionSource());

        await broker.SendMethodAsync(channel.Number, new CloseMethod(MethodId.ChannelClose, ReplyCode.PreconditionFailed, "PRECONDITION_FAILED - unknown delivery tag 7", 60, 80));

        AmqpChannelClosedException error = await Assert.ThrowsAsync<AmqpChannelClosedException>(() => reading.WaitAsync(Timeout));
        Assert.Equal(ReplyCode.PreconditionFailed, error.ReplyCode);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task Reading_throws_when_the_broker_cancels_the_consumer()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        AmqpConsumer consumer = await ConsumeAsync(broker, channel);
        Task<List<string>> reading = ReadAllAsync(consumer, [], new TaskCompletionSource());

        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.BasicCancel, static (ref AmqpWriter w) =>
        {
            w.WriteShortString("ctag");
            w.WriteBit(true); // no-wait
        }));

        AmqpConsumerCancelledException error = await Assert.ThrowsAsync<AmqpConsumerCancelledException>(() => reading.WaitAsync(Timeout));
        Assert.Equal("work", error.Queue);
        Assert.True(channel.IsOpen);
    }

    [Fact]
    public async Task Reading_ends_quietly_after_the_application_cancels_the_consumer_and_hands_out_what_arrived_first()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        AmqpConsumer consumer = await ConsumeAsync(broker, channel);
        var read = new List<string>();
        var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<List<string>> reading = ReadAllAsync(consumer, read, firstRead);
        await DeliverAsync(broker, channel.Number, 1, "before the cancel"u8.ToArray());
        await firstRead.Task.WaitAsync(Timeout);

        Task cancelling = consumer.DisposeAsync().AsTask();
        await broker.ExpectMethodAsync(MethodId.BasicCancel);
        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.BasicCancelOk, static (ref AmqpWriter w) => w.WriteShortString("ctag")));
        await cancelling.WaitAsync(Timeout);

        Assert.Equal(["before the cancel"], await reading.WaitAsync(Timeout));
        Assert.Equal(ConsumerStopReason.CancelledByClient, await consumer.Stopped);
    }

    [Fact]
    public async Task Reading_ends_quietly_when_the_application_closes_the_channel()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        AmqpConsumer consumer = await ConsumeAsync(broker, channel);
        Task<List<string>> reading = ReadAllAsync(consumer, [], new TaskCompletionSource());

        Task closing = channel.CloseAsync().AsTask();
        await broker.ExpectMethodAsync(MethodId.ChannelClose);
        await broker.SendMethodAsync(channel.Number, new EmptyMethod(MethodId.ChannelCloseOk));
        await closing.WaitAsync(Timeout);

        Assert.Empty(await reading.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Receiving_a_batch_throws_the_close_reason_once_the_connection_is_lost()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        AmqpConsumer consumer = await ConsumeAsync(broker, channel);
        Task<DeliveryBatch> receiving = consumer.ReceiveBatchAsync(10, Timeout).AsTask();

        await broker.SendMethodAsync(0, new CloseMethod(MethodId.ConnectionClose, ReplyCode.InternalError, "INTERNAL_ERROR", 0, 0));

        AmqpConnectionClosedException error = await Assert.ThrowsAsync<AmqpConnectionClosedException>(() => receiving.WaitAsync(Timeout));
        Assert.Equal(ReplyCode.InternalError, error.ReplyCode);
    }
}
