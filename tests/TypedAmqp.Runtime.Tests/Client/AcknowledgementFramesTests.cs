using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

/// <summary>What a channel's acknowledgements look like on the wire when they are held and sent together.</summary>
public sealed class AcknowledgementFramesTests
{
    [Fact]
    public async Task Held_in_order_acks_go_out_as_one_multiple_ack_and_anything_else_as_sent()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        await OnThreadHoldingAcknowledgementsAsync(connection, () =>
        {
            channel.BasicAckAsync(1);
            channel.BasicAckAsync(2);
            channel.BasicAckAsync(3); // 1 to 3: one ack, multiple, tag 3
            channel.BasicAckAsync(5); // 4 is unsettled: this one alone
            channel.BasicAckAsync(4); // closes the gap: multiple is exact again
            channel.BasicNackAsync(6, requeue: true);
            channel.BasicAckAsync(7); // after a nack: not merged into the ack before it
            channel.BasicAckAsync(8);
        });

        await ExpectAcknowledgementAsync(broker, MethodId.BasicAck, 3, multiple: true);
        await ExpectAcknowledgementAsync(broker, MethodId.BasicAck, 5, multiple: false);
        await ExpectAcknowledgementAsync(broker, MethodId.BasicAck, 4, multiple: true);
        await ExpectAcknowledgementAsync(broker, MethodId.BasicNack, 6, multiple: false);
        await ExpectAcknowledgementAsync(broker, MethodId.BasicAck, 8, multiple: true);
    }

    [Fact]
    public async Task Acks_of_another_channel_in_between_keep_each_channels_acks_apart()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel first = await broker.OpenChannelAsync(connection);
        AmqpChannel second = await broker.OpenChannelAsync(connection);

        await OnThreadHoldingAcknowledgementsAsync(connection, () =>
        {
            first.BasicAckAsync(1);
            second.BasicAckAsync(1);
            first.BasicAckAsync(2);
        });

        Assert.Equal(first.Number, (await ExpectAcknowledgementAsync(broker, MethodId.BasicAck, 1, multiple: true)).Channel);
        Assert.Equal(second.Number, (await ExpectAcknowledgementAsync(broker, MethodId.BasicAck, 1, multiple: true)).Channel);
        Assert.Equal(first.Number, (await ExpectAcknowledgementAsync(broker, MethodId.BasicAck, 2, multiple: true)).Channel);
    }

    [Fact]
    public async Task On_a_channel_with_an_auto_ack_consumer_acks_go_out_as_sent()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        Task<AmqpConsumer> consuming = channel.ConsumeAsync("replies", (_, _) => ValueTask.CompletedTask, new ConsumerOptions { AutoAck = true }).AsTask();
        await broker.ExpectMethodAsync(MethodId.BasicConsume);
        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.BasicConsumeOk, static (ref AmqpWriter w) => w.WriteShortString("ctag")));
        await consuming.WaitAsync(TimeSpan.FromSeconds(5));

        await OnThreadHoldingAcknowledgementsAsync(connection, () =>
        {
            channel.BasicAckAsync(1);
            channel.BasicAckAsync(2);
        });

        // The auto-ack consumer's deliveries take tags the client never settles, so "everything below is settled"
        // cannot be known here.
        await ExpectAcknowledgementAsync(broker, MethodId.BasicAck, 1, multiple: false);
        await ExpectAcknowledgementAsync(broker, MethodId.BasicAck, 2, multiple: false);
    }

    [Fact]
    public async Task An_ack_held_by_a_thread_that_then_blocks_leaves_after_the_hold_limit_all_the_same()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        using var release = new ManualResetEventSlim();
        var holding = new Thread(() =>
        {
            // A handler thread: it acks one delivery, then the next handler blocks and never gets to send what it holds.
            var batch = new OutgoingBatch(connection.Writer, OutgoingBatchKind.HandlerAcknowledgements);
            batch.BindToThisThread();
            channel.BasicAckAsync(1);
            release.Wait(TimeSpan.FromSeconds(30));
            connection.Writer.Send(batch);
        });
        holding.Start();

        try
        {
            await ExpectAcknowledgementAsync(broker, MethodId.BasicAck, 1, multiple: true).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(holding.IsAlive, "the holding thread finished, so it may have sent the ack itself");
        }
        finally
        {
            release.Set();
            holding.Join();
        }
    }

    /// <summary>Runs the acks on a thread that holds acknowledgements, as a consumer's handler thread does, then sends them.</summary>
    private static async Task OnThreadHoldingAcknowledgementsAsync(AmqpConnection connection, Action acknowledge)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var batch = new OutgoingBatch(connection.Writer, OutgoingBatchKind.HandlerAcknowledgements);
                batch.BindToThisThread();
                acknowledge();
                connection.Writer.Send(batch);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        thread.Start();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static async Task<ReceivedFrame> ExpectAcknowledgementAsync(FakeBroker broker, uint method, ulong deliveryTag, bool multiple)
    {
        ReceivedFrame frame = await broker.ExpectMethodAsync(method);
        AmqpReader reader = frame.Arguments();
        Assert.Equal(deliveryTag, reader.ReadLongLong());
        Assert.Equal(multiple, (reader.ReadOctet() & 1) != 0);
        return frame;
    }
}
