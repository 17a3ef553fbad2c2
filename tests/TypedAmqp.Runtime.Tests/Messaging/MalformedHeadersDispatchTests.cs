using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Messaging;
using TypedAmqp.Tests.Client;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Messaging;

/// <summary>
/// A delivery whose headers field table cannot be read is dead-lettered by a typed dispatcher, with the reason and
/// without the unreadable headers, instead of reaching the handler (or failing later when something reads the headers).
/// </summary>
public sealed class MalformedHeadersDispatchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public enum Damage
    {
        /// <summary>The string value's length runs past the end of its table.</summary>
        LyingLength,
        /// <summary>The value's type tag is not a field type.</summary>
        UnknownFieldType,
    }

    /// <summary>A deliver, content header and body whose headers table is damaged as <paramref name="damage"/> says (or intact when null).</summary>
    private static byte[] Delivery(ushort channel, ulong deliveryTag, Damage? damage)
    {
        byte[] body = "{\"Number\":3}"u8.ToArray();
        byte[] frames = FakeBroker.Encode(buffer =>
        {
            FrameWriter.WriteMethod(buffer, channel, new ServerMethod(MethodId.BasicDeliver, (ref AmqpWriter w) =>
            {
                w.WriteShortString("ctag");
                w.WriteLongLong(deliveryTag);
                w.WriteBit(false);
                w.WriteShortString("orders");
                w.WriteShortString("work");
            }));
            var properties = new BasicProperties { Type = "ticks", Headers = new Dictionary<string, object?> { ["poison"] = "abcd", ["tenant"] = "eu" } };
            FrameWriter.WriteContentHeader(buffer, channel, (ulong)body.Length, properties, FrameConstants.DefaultFrameMax);
            FrameWriter.WriteBody(buffer, channel, body, FrameConstants.DefaultFrameMax);
        });
        if (damage is null) return frames;

        // "poison" is followed by its type tag 'S' and the string's 4-byte length; the table's own length stays right.
        int at = frames.AsSpan().IndexOf("poisonS"u8) + "poison".Length;
        if (damage == Damage.UnknownFieldType) frames[at] = (byte)'Z';
        else BinaryPrimitives.WriteUInt32BigEndian(frames.AsSpan(at + 1), 1000);
        return frames;
    }

    private static async Task<(AmqpChannel Channel, Task<AmqpConsumer> Consuming)> ConsumeAsync(
        FakeBroker broker, AmqpConnection connection, DispatchPolicy policy, IMessagePublisher? deadLetters, RecordingLogger logger,
        System.Threading.Channels.Channel<DispatchOutcome> outcomes, List<int> handled)
    {
        var descriptor = new MessageDescriptor<AllocationTick>("ticks", AllocationJson.Default.AllocationTick);
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        Task<AmqpConsumer> consuming = channel.ConsumeAsync("work", async (delivery, token) => await outcomes.Writer.WriteAsync(await MessageDispatch.HandleAsync(
            delivery, descriptor, handled, static (list, tick, _) => { lock (list) list.Add(tick.Number); return default; }, policy, deadLetters, logger, null, token))).AsTask();
        await broker.ExpectMethodAsync(MethodId.BasicConsume);
        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.BasicConsumeOk, static (ref AmqpWriter w) => w.WriteShortString("ctag")));
        await consuming.WaitAsync(Timeout);
        return (channel, consuming);
    }

    [Theory]
    [InlineData(Damage.LyingLength)]
    [InlineData(Damage.UnknownFieldType)]
    public async Task Malformed_headers_are_republished_to_the_dead_letter_exchange_without_them_with_the_reason_and_acked(Damage damage)
    {
        var logger = new RecordingLogger();
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        var messaging = new AmqpMessaging(connection);
        var outcomes = System.Threading.Channels.Channel.CreateUnbounded<DispatchOutcome>();
        var handled = new List<int>();
        (AmqpChannel channel, _) = await ConsumeAsync(broker, connection, new DispatchPolicy(deadLetterExchange: "dead"), messaging, logger, outcomes, handled);

        await broker.SendRawAsync(Delivery(channel.Number, 1, damage));

        // The dead-letter copy goes out on the messaging's own confirm channel.
        await broker.AnswerChannelOpenAsync();
        await broker.AnswerConfirmSelectAsync();
        ReceivedFrame consume = await broker.ExpectMethodAsync(MethodId.BasicConsume);
        await broker.SendMethodAsync(consume.Channel, new ServerMethod(MethodId.BasicConsumeOk, static (ref AmqpWriter w) => w.WriteShortString("amq.ctag-reply")));
        ReceivedFrame publish = await broker.ExpectMethodAsync(MethodId.BasicPublish);
        AmqpReader arguments = publish.Arguments();
        arguments.ReadShort();
        Assert.Equal("dead", arguments.ReadShortString());
        Assert.Equal("work", arguments.ReadShortString());
        ReceivedFrame header = await broker.ReadFrameAsync();
        Assert.Equal(FrameType.ContentHeader, header.Type);
        var copied = ContentHeaderProperties.Of(header.Payload.AsMemory(12));
        Dictionary<string, object?> headers = copied.Headers!;
        Assert.False(headers.ContainsKey("poison"));
        Assert.False(headers.ContainsKey("tenant"));
        string reason = Assert.IsType<string>(headers["x-typedamqp-dead-letter-reason"]);
        Assert.Contains("headers field table is malformed", reason);
        Assert.Contains("republished without its original headers", reason);
        Assert.Equal("orders", headers["x-typedamqp-original-exchange"]);
        Assert.Equal("ticks", copied.Type);
        ReceivedFrame bodyFrame = await broker.ReadFrameAsync();
        Assert.Equal("{\"Number\":3}", Encoding.UTF8.GetString(bodyFrame.Payload));
        await broker.SendMethodAsync(publish.Channel, new ServerMethod(MethodId.BasicAck, static (ref AmqpWriter w) => { w.WriteLongLong(1); w.WriteBit(false); }));

        ReceivedFrame ack = await broker.ExpectMethodAsync(MethodId.BasicAck);
        Assert.Equal(channel.Number, ack.Channel);
        Assert.Equal(1UL, ack.Arguments().ReadLongLong());
        Assert.Equal(DispatchOutcome.MalformedHeaders, await outcomes.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Empty(handled);
        Assert.Contains(logger.Lines, l => l.StartsWith("Error: ", StringComparison.Ordinal) && l.Contains("delivery 1", StringComparison.Ordinal) && l.Contains("malformed headers", StringComparison.Ordinal));

        // The reader goes on: a well-formed delivery after it is handled and acked.
        await broker.SendRawAsync(Delivery(channel.Number, 2, null));
        ReceivedFrame next = await broker.ExpectMethodAsync(MethodId.BasicAck);
        Assert.Equal(2UL, next.Arguments().ReadLongLong());
        Assert.Equal(DispatchOutcome.Handled, await outcomes.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal([3], handled);
    }

    [Theory]
    [InlineData(Damage.LyingLength)]
    [InlineData(Damage.UnknownFieldType)]
    public async Task Malformed_headers_without_a_dead_letter_exchange_are_rejected_without_requeue(Damage damage)
    {
        var logger = new RecordingLogger();
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        var outcomes = System.Threading.Channels.Channel.CreateUnbounded<DispatchOutcome>();
        var handled = new List<int>();
        (AmqpChannel channel, _) = await ConsumeAsync(broker, connection, new DispatchPolicy(maxDeliveryCount: 5), null, logger, outcomes, handled);

        await broker.SendRawAsync(Delivery(channel.Number, 1, damage));

        ReceivedFrame reject = await broker.ExpectMethodAsync(MethodId.BasicReject);
        AmqpReader arguments = reject.Arguments();
        Assert.Equal(1UL, arguments.ReadLongLong());
        Assert.False(arguments.ReadBit()); // requeue
        Assert.Equal(DispatchOutcome.MalformedHeaders, await outcomes.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Empty(handled);
        string line = Assert.Single(logger.Lines, l => l.Contains("delivery 1", StringComparison.Ordinal));
        Assert.StartsWith("Error: ", line);
        Assert.Contains(damage == Damage.UnknownFieldType ? "unknown type tag 0x5A" : "ends inside a long string", line);

        await broker.SendRawAsync(Delivery(channel.Number, 2, null));
        ReceivedFrame ack = await broker.ExpectMethodAsync(MethodId.BasicAck);
        Assert.Equal(2UL, ack.Arguments().ReadLongLong());
        Assert.Equal(DispatchOutcome.Handled, await outcomes.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal([3], handled);
    }
}
