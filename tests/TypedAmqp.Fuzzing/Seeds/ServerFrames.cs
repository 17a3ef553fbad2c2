using System.Buffers;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;

namespace TypedAmqp.Fuzzing.Seeds;

/// <summary>Writes the arguments of a method a broker sends.</summary>
internal delegate void ServerArgumentsWriter(ref AmqpWriter writer);

/// <summary>A broker-to-client method with any id; its arguments come from a delegate.</summary>
internal readonly struct ServerMethodFrame(uint id, ServerArgumentsWriter? write = null) : IOutgoingMethod
{
    public uint Id => id;
    public int MaxArgumentsSize => 8192;
    public void WriteArguments(ref AmqpWriter writer) => write?.Invoke(ref writer);
}

/// <summary>
/// Builds realistic broker traffic with the runtime's own <see cref="FrameWriter"/> (the same frames a RabbitMQ node
/// sends: the handshake, replies, deliveries with their content, confirms, returns, closes, heartbeats).
/// </summary>
internal sealed class ServerFrames
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public ServerFrames Method(ushort channel, uint id, ServerArgumentsWriter? write = null)
    {
        FrameWriter.WriteMethod(_buffer, channel, new ServerMethodFrame(id, write));
        return this;
    }

    public ServerFrames Start() => Method(0, MethodId.ConnectionStart, static (ref AmqpWriter w) =>
    {
        w.WriteOctet(0);
        w.WriteOctet(9);
        w.WriteTable(SampleValues.ServerProperties);
        w.WriteLongString("PLAIN AMQPLAIN");
        w.WriteLongString("en_US");
    });

    public ServerFrames Tune(ushort channelMax = 2047, uint frameMax = 131072, ushort heartbeat = 60) => Method(0, MethodId.ConnectionTune, (ref AmqpWriter w) =>
    {
        w.WriteShort(channelMax);
        w.WriteLong(frameMax);
        w.WriteShort(heartbeat);
    });

    public ServerFrames OpenOk() => Method(0, MethodId.ConnectionOpenOk, static (ref AmqpWriter w) => w.WriteShortString(""));

    public ServerFrames ChannelOpenOk(ushort channel) => Method(channel, MethodId.ChannelOpenOk, static (ref AmqpWriter w) => w.WriteLongString(""));

    public ServerFrames ConfirmSelectOk(ushort channel) => Method(channel, MethodId.ConfirmSelectOk);

    public ServerFrames QosOk(ushort channel) => Method(channel, MethodId.BasicQosOk);

    public ServerFrames ConsumeOk(ushort channel, string tag) => Method(channel, MethodId.BasicConsumeOk, (ref AmqpWriter w) => w.WriteShortString(tag));

    public ServerFrames QueueDeclareOk(ushort channel, string queue, uint messages, uint consumers) => Method(channel, MethodId.QueueDeclareOk, (ref AmqpWriter w) =>
    {
        w.WriteShortString(queue);
        w.WriteLong(messages);
        w.WriteLong(consumers);
    });

    public ServerFrames Deliver(ushort channel, string consumerTag, ulong deliveryTag, BasicProperties? properties, byte[] body, uint frameMax = 131072)
    {
        Method(channel, MethodId.BasicDeliver, (ref AmqpWriter w) =>
        {
            w.WriteShortString(consumerTag);
            w.WriteLongLong(deliveryTag);
            w.WriteBit(false);
            w.WriteShortString("orders");
            w.WriteShortString("order.created");
        });
        return Content(channel, properties, body, frameMax);
    }

    public ServerFrames GetOk(ushort channel, ulong deliveryTag, BasicProperties? properties, byte[] body)
    {
        Method(channel, MethodId.BasicGetOk, (ref AmqpWriter w) =>
        {
            w.WriteLongLong(deliveryTag);
            w.WriteBit(true);
            w.WriteShortString("");
            w.WriteShortString("work");
            w.WriteLong(41);
        });
        return Content(channel, properties, body, 131072);
    }

    public ServerFrames Return(ushort channel, BasicProperties? properties, byte[] body, ulong publishSequence = 0)
    {
        Method(channel, MethodId.BasicReturn, static (ref AmqpWriter w) =>
        {
            w.WriteShort(312);
            w.WriteShortString("NO_ROUTE");
            w.WriteShortString("");
            w.WriteShortString("work");
        });
        FrameWriter.WriteContentHeader(_buffer, channel, (ulong)body.Length, properties, 131072, publishSequence);
        FrameWriter.WriteBody(_buffer, channel, body, 131072);
        return this;
    }

    public ServerFrames Content(ushort channel, BasicProperties? properties, byte[] body, uint frameMax)
    {
        FrameWriter.WriteContentHeader(_buffer, channel, (ulong)body.Length, properties, 131072);
        FrameWriter.WriteBody(_buffer, channel, body, frameMax);
        return this;
    }

    public ServerFrames Body(ushort channel, byte[] body)
    {
        FrameWriter.WriteBody(_buffer, channel, body, 131072);
        return this;
    }

    public ServerFrames Ack(ushort channel, ulong tag, bool multiple) => Acknowledgement(channel, MethodId.BasicAck, tag, multiple);

    public ServerFrames Nack(ushort channel, ulong tag, bool multiple) => Acknowledgement(channel, MethodId.BasicNack, tag, multiple);

    private ServerFrames Acknowledgement(ushort channel, uint id, ulong tag, bool multiple) => Method(channel, id, (ref AmqpWriter w) =>
    {
        w.WriteLongLong(tag);
        w.WriteBit(multiple);
        w.WriteBit(false);
    });

    public ServerFrames Cancel(ushort channel, string consumerTag, bool noWait) => Method(channel, MethodId.BasicCancel, (ref AmqpWriter w) =>
    {
        w.WriteShortString(consumerTag);
        w.WriteBit(noWait);
    });

    public ServerFrames CancelOk(ushort channel, string consumerTag) => Method(channel, MethodId.BasicCancelOk, (ref AmqpWriter w) => w.WriteShortString(consumerTag));

    public ServerFrames Flow(ushort channel, bool active) => Method(channel, MethodId.ChannelFlow, (ref AmqpWriter w) => w.WriteBit(active));

    public ServerFrames ChannelClose(ushort channel, ushort code, string text, ushort classId, ushort methodId)
    {
        FrameWriter.WriteMethod(_buffer, channel, new CloseMethod(MethodId.ChannelClose, code, text, classId, methodId));
        return this;
    }

    public ServerFrames ChannelCloseOk(ushort channel) => Method(channel, MethodId.ChannelCloseOk);

    public ServerFrames ConnectionClose(ushort code, string text)
    {
        FrameWriter.WriteMethod(_buffer, 0, new CloseMethod(MethodId.ConnectionClose, code, text, 0, 0));
        return this;
    }

    public ServerFrames Blocked(string reason) => Method(0, MethodId.ConnectionBlocked, (ref AmqpWriter w) => w.WriteShortString(reason));

    public ServerFrames Unblocked() => Method(0, MethodId.ConnectionUnblocked);

    public ServerFrames Heartbeat()
    {
        FrameWriter.WriteHeartbeat(_buffer);
        return this;
    }
}
