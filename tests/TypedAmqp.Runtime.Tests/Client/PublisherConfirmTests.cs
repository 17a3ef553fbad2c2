using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

public sealed class PublisherConfirmTests
{
    private static async Task<(FakeBroker, AmqpConnection, AmqpChannel)> ConfirmChannelAsync()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        return (broker, connection, await broker.OpenConfirmChannelAsync(connection));
    }

    private static Task SendAckAsync(FakeBroker broker, AmqpChannel channel, uint method, ulong tag, bool multiple) =>
        SendAckAsync(broker, channel.Number, method, tag, multiple);

    private static Task SendAckAsync(FakeBroker broker, ushort channel, uint method, ulong tag, bool multiple) =>
        broker.SendMethodAsync(channel, new ServerMethod(method, (ref AmqpWriter w) =>
        {
            w.WriteLongLong(tag);
            w.WriteBit(multiple);
            w.WriteBit(false);
        }));

    /// <summary>Reads frames up to the next basic.publish, skipping the previous publish's content frames.</summary>
    private static async Task ExpectPublishAsync(FakeBroker broker)
    {
        while (true)
        {
            ReceivedFrame frame = await broker.ReadFrameAsync();
            if (frame.Type is FrameType.ContentHeader or FrameType.ContentBody or FrameType.Heartbeat) continue;
            Assert.Equal(MethodId.BasicPublish, frame.MethodId);
            return;
        }
    }

    /// <summary>
    /// Found by the connection fuzz target: a multiple ack for a tag far above anything published (here 2^59 + 3)
    /// made the read loop count its way up to the tag, one number at a time, so the connection stopped reading.
    /// </summary>
    [Fact]
    public async Task A_multiple_ack_far_beyond_the_last_publish_confirms_what_is_pending_and_reading_goes_on()
    {
        (FakeBroker broker, _, AmqpChannel channel) = await ConfirmChannelAsync();
        await using FakeBroker owner = broker;
        Task first = channel.PublishAsync("", "q", new byte[1]).AsTask();
        await ExpectPublishAsync(broker);

        await SendAckAsync(broker, channel, MethodId.BasicAck, 0x0800_0000_0000_0003, multiple: true);
        await first.WaitAsync(TimeSpan.FromSeconds(5));

        Task second = channel.PublishAsync("", "q", new byte[1]).AsTask();
        await ExpectPublishAsync(broker);
        await SendAckAsync(broker, channel, MethodId.BasicAck, 2, multiple: false);
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_multiple_ack_confirms_every_publish_up_to_its_tag_and_no_further()
    {
        (FakeBroker broker, _, AmqpChannel channel) = await ConfirmChannelAsync();
        await using FakeBroker owner = broker;
        Task[] publishes = Enumerable.Range(0, 5).Select(_ => channel.PublishAsync("", "q", new byte[1]).AsTask()).ToArray();

        await SendAckAsync(broker, channel, MethodId.BasicAck, 3, multiple: true);
        await Task.WhenAll(publishes[..3]).WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.False(publishes[3].IsCompleted);
        Assert.False(publishes[4].IsCompleted);

        await SendAckAsync(broker, channel, MethodId.BasicAck, 5, multiple: false);
        await publishes[4].WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(publishes[3].IsCompleted);
        await SendAckAsync(broker, channel, MethodId.BasicAck, 4, multiple: false);
        await publishes[3].WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_awaited_confirm_continues_on_the_connections_continuation_thread_not_the_reader()
    {
        (FakeBroker broker, _, AmqpChannel channel) = await ConfirmChannelAsync();
        await using FakeBroker owner = broker;
        // Off the test's synchronization context, as in a service: the continuation runs where the runtime puts it.
        Task<string?> continuedOn = Task.Run(async () =>
        {
            await channel.PublishAsync("", "q", new byte[1]);
            return Thread.CurrentThread.Name;
        });
        // Once the publish is out, the delegate is past PublishAsync and attaches its await right after; the pause covers
        // that thread being preempted in between (an ack that found the confirm done would continue on that thread).
        await broker.ExpectMethodAsync(MethodId.BasicPublish);
        await Task.Delay(50);

        await SendAckAsync(broker, channel, MethodId.BasicAck, 1, multiple: false);

        Assert.Equal("TypedAmqp continuations", await continuedOn.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_continuation_that_publishes_and_then_blocks_on_that_confirm_still_gets_it()
    {
        (FakeBroker broker, _, AmqpChannel channel) = await ConfirmChannelAsync();
        await using FakeBroker owner = broker;
        Task<(string? Thread, bool Confirmed)> blocking = Task.Run(async () =>
        {
            await channel.PublishAsync("", "q", new byte[1]);
            // On the continuation thread, which holds what a continuation sends until it returns; this one blocks
            // first, on the confirm of what it sent, so the writer's hold timer has to send it.
            bool confirmed = channel.PublishAsync("", "q", new byte[1]).AsTask().Wait(TimeSpan.FromSeconds(10));
            return (Thread.CurrentThread.Name, confirmed);
        });
        await ExpectPublishAsync(broker);
        await Task.Delay(50); // as above: the awaiter attaches its continuation, so the ack hands it off
        await SendAckAsync(broker, channel, MethodId.BasicAck, 1, multiple: false);

        await ExpectPublishAsync(broker);
        await SendAckAsync(broker, channel, MethodId.BasicAck, 2, multiple: false);

        (string? thread, bool confirmed) = await blocking.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("TypedAmqp continuations", thread);
        Assert.True(confirmed, "the blocked continuation never saw its publish confirmed");
    }

    [Fact]
    public async Task A_nack_fails_the_publish_with_its_sequence_number()
    {
        (FakeBroker broker, _, AmqpChannel channel) = await ConfirmChannelAsync();
        await using FakeBroker owner = broker;
        Task first = channel.PublishAsync("", "q", new byte[1]).AsTask();
        Task second = channel.PublishAsync("", "q", new byte[1]).AsTask();

        await SendAckAsync(broker, channel, MethodId.BasicNack, 2, multiple: true);

        PublishException error = await Assert.ThrowsAsync<PublishException>(() => first.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1UL, error.SequenceNumber);
        Assert.False(error.IsReturn);
        await Assert.ThrowsAsync<PublishException>(() => second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Unconfirmed_publishes_fail_when_the_channel_closes()
    {
        (FakeBroker broker, _, AmqpChannel channel) = await ConfirmChannelAsync();
        await using FakeBroker owner = broker;
        Task pending = channel.PublishAsync("missing-exchange", "q", new byte[1]).AsTask();

        await broker.SendMethodAsync(channel.Number, new TypedAmqp.Amqp091.Protocol.Methods.CloseMethod(MethodId.ChannelClose, ReplyCode.NotFound, "NOT_FOUND - no exchange 'missing-exchange'", 60, 40));

        AmqpChannelClosedException error = await Assert.ThrowsAsync<AmqpChannelClosedException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(ReplyCode.NotFound, error.ReplyCode);
        Assert.Equal("basic.publish", error.Reason.MethodName);
    }

    [Fact]
    public async Task Cancelling_the_wait_for_a_confirm_does_not_disturb_later_confirms()
    {
        (FakeBroker broker, _, AmqpChannel channel) = await ConfirmChannelAsync();
        await using FakeBroker owner = broker;
        using var cancel = new CancellationTokenSource();
        Task abandoned = channel.PublishAsync("", "q", new byte[1], cancellationToken: cancel.Token).AsTask();
        Task next = channel.PublishAsync("", "q", new byte[1]).AsTask();

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(TimeSpan.FromSeconds(5)));
        await SendAckAsync(broker, channel, MethodId.BasicAck, 2, multiple: true);
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Waiting_for_the_confirms_of_typed_publishes_ends_when_the_last_arrives_and_a_cancelled_wait_throws()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        var messaging = new AmqpMessaging(connection);
        var descriptor = new TypedAmqp.Messaging.MessageDescriptor<LimitOrder>("orders.placed", LimitJson.Default.LimitOrder);
        byte[] exchange = "orders"u8.ToArray(), routingKey = "order.placed"u8.ToArray();
        await messaging.WaitForConfirmsAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)); // nothing in flight: at once

        ValueTask first = messaging.PublishAsync(exchange, routingKey, null, descriptor, new LimitOrder(1), null, CancellationToken.None);
        await broker.AnswerChannelOpenAsync();
        await broker.AnswerConfirmSelectAsync();
        ReceivedFrame publish = await broker.ExpectMethodAsync(MethodId.BasicPublish);
        ValueTask second = messaging.PublishAsync(exchange, routingKey, null, descriptor, new LimitOrder(2), null, CancellationToken.None);
        Assert.Equal(2, messaging.PendingConfirms);

        Task all = messaging.WaitForConfirmsAsync().AsTask();
        using var giveUp = new CancellationTokenSource();
        Task abandoned = messaging.WaitForConfirmsAsync(giveUp.Token).AsTask();
        await SendAckAsync(broker, publish.Channel, MethodId.BasicAck, 1, multiple: false);
        await first;
        await Task.Delay(50);
        Assert.False(all.IsCompleted, "one confirm of two is not all of them");
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(TimeSpan.FromSeconds(5)));

        await SendAckAsync(broker, publish.Channel, MethodId.BasicAck, 2, multiple: false);
        await second;
        await all.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, messaging.PendingConfirms);
    }
}
