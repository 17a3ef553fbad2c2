using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Messaging;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Messaging;

/// <summary>
/// The transport-neutral view of a received message over AMQP 0-9-1: what it shows of the delivery, and how each
/// <see cref="MessageSettlement"/> goes on the wire.
/// </summary>
public sealed class ReceivedMessageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Consumes "work", delivers one message (tag 7, redelivered) and hands its view to <paramref name="handle"/> inside the handler.</summary>
    private static async Task<FakeBroker> ReceiveOneAsync(Func<ReceivedMessage, ValueTask> handle, TaskCompletionSource handled)
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        Task<AmqpConsumer> consuming = channel.ConsumeAsync("work", async (delivery, _) =>
        {
            try
            {
                await handle(delivery);
                handled.TrySetResult();
            }
            catch (Exception ex)
            {
                handled.TrySetException(ex);
            }
        }).AsTask();
        await broker.ExpectMethodAsync(MethodId.BasicConsume);
        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.BasicConsumeOk, static (ref AmqpWriter w) => w.WriteShortString("ctag")));
        await consuming.WaitAsync(Timeout);

        byte[] body = "{\"Number\":3}"u8.ToArray();
        ushort number = channel.Number;
        await broker.SendRawAsync(FakeBroker.Encode(buffer =>
        {
            FrameWriter.WriteMethod(buffer, number, new ServerMethod(MethodId.BasicDeliver, static (ref AmqpWriter w) =>
            {
                w.WriteShortString("ctag");
                w.WriteLongLong(7);
                w.WriteBit(true);
                w.WriteShortString("orders");
                w.WriteShortString("order.created");
            }));
            var properties = new BasicProperties { Type = "ticks", MessageId = "m-1", Headers = new() { ["region"] = "eu", ["x-delivery-count"] = 2L } };
            FrameWriter.WriteContentHeader(buffer, number, (ulong)body.Length, properties, FrameConstants.DefaultFrameMax);
            FrameWriter.WriteBody(buffer, number, body, FrameConstants.DefaultFrameMax);
        }));
        return broker;
    }

    [Fact]
    public async Task The_view_shows_the_delivery_body_properties_headers_address_redelivery_and_delivery_count()
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? seen = null;
        await using FakeBroker broker = await ReceiveOneAsync(message =>
        {
            seen = $"{System.Text.Encoding.UTF8.GetString(message.Body.Span)}|{message.Properties.Type}|{message.Properties.MessageId}|{message.Headers!["region"] switch { byte[] b => System.Text.Encoding.UTF8.GetString(b), var v => v }}"
                + $"|{message.Exchange}|{message.RoutingKey}|{message.Redelivered}|{message.DeliveryCount}|{message.DeliveryId}|{message.Queue}|{message.IsSettled}";
            return message.AcceptAsync();
        }, handled);
        await handled.Task.WaitAsync(Timeout);

        Assert.Equal("{\"Number\":3}|ticks|m-1|eu|orders|order.created|True|2|7|work|False", seen);
    }

    [Theory]
    [InlineData(MessageSettlement.Accept, MethodId.BasicAck, "ack, not multiple")]
    [InlineData(MessageSettlement.Reject, MethodId.BasicReject, "reject without requeue")]
    [InlineData(MessageSettlement.Release, MethodId.BasicReject, "reject with requeue")]
    [InlineData(MessageSettlement.Modify, MethodId.BasicNack, "nack with requeue")]
    public async Task Each_settlement_goes_out_as_its_documented_0_9_1_method(MessageSettlement settlement, uint method, string expected)
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool settledAfter = false;
        await using FakeBroker broker = await ReceiveOneAsync(async message =>
        {
            await message.SettleAsync(settlement);
            settledAfter = message.IsSettled;
        }, handled);
        await handled.Task.WaitAsync(Timeout);

        ReceivedFrame frame = await broker.ExpectMethodAsync(method);
        AmqpReader arguments = frame.Arguments();
        Assert.Equal(7UL, arguments.ReadLongLong());
        byte bits = arguments.ReadOctet();
        string actual = method switch
        {
            MethodId.BasicAck => (bits & 1) == 0 ? "ack, not multiple" : "ack, multiple",
            MethodId.BasicReject => (bits & 1) == 0 ? "reject without requeue" : "reject with requeue",
            _ => (bits & 0b11) == 0b10 ? "nack with requeue" : $"nack with bits {bits}",
        };
        Assert.Equal(expected, actual);
        Assert.True(settledAfter);
    }

    private static bool IsRecycled(ReceivedMessage message)
    {
        try
        {
            _ = message.Body;
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    [Fact]
    public async Task A_view_kept_past_its_handler_refuses_to_be_read()
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ReceivedMessage kept = default;
        await using FakeBroker broker = await ReceiveOneAsync(message =>
        {
            kept = message;
            return message.AcceptAsync();
        }, handled);
        await handled.Task.WaitAsync(Timeout);
        await broker.ExpectMethodAsync(MethodId.BasicAck);

        // The pooled message is recycled once the handler returned; give the reader a moment to do so.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!IsRecycled(kept) && waited.Elapsed < Timeout) await Task.Delay(5);
        Assert.Throws<ObjectDisposedException>(() => kept.Body);
        Assert.Throws<ObjectDisposedException>(() => default(ReceivedMessage).Body);
    }
}
