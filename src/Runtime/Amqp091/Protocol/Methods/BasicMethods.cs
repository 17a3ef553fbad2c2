namespace TypedAmqp.Amqp091.Protocol.Methods;

// Methods of the basic class (60) that the client sends; the server's deliver, return, get-ok and
// cancel are parsed by the channel.

internal readonly struct BasicQos(uint prefetchSize, ushort prefetchCount, bool global) : IOutgoingMethod
{
    public uint Id => MethodId.BasicQos;
    public int MaxArgumentsSize => 7;

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteLong(prefetchSize);
        writer.WriteShort(prefetchCount);
        writer.WriteBit(global);
    }
}

internal readonly struct BasicConsume(
    string queue, string consumerTag, bool noLocal, bool noAck, bool exclusive, bool noWait,
    IReadOnlyDictionary<string, object?>? arguments) : IOutgoingMethod
{
    public uint Id => MethodId.BasicConsume;
    public int MaxArgumentsSize => 2 + WireSize.ShortString(queue) + WireSize.ShortString(consumerTag) + 1 + WireSize.Table(arguments);

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(0);
        writer.WriteShortString(queue);
        writer.WriteShortString(consumerTag);
        writer.WriteBit(noLocal);
        writer.WriteBit(noAck);
        writer.WriteBit(exclusive);
        writer.WriteBit(noWait);
        writer.WriteTable(arguments);
    }
}

/// <summary>basic.cancel (client to server) and basic.cancel-ok (reply to a server's cancel) share a consumer tag.</summary>
internal readonly struct BasicCancel(string consumerTag, bool noWait) : IOutgoingMethod
{
    public uint Id => MethodId.BasicCancel;
    public int MaxArgumentsSize => WireSize.ShortString(consumerTag) + 1;

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShortString(consumerTag);
        writer.WriteBit(noWait);
    }
}

internal readonly struct BasicCancelOk(string consumerTag) : IOutgoingMethod
{
    public uint Id => MethodId.BasicCancelOk;
    public int MaxArgumentsSize => WireSize.ShortString(consumerTag);
    public void WriteArguments(ref AmqpWriter writer) => writer.WriteShortString(consumerTag);
}

/// <summary>basic.publish with exchange and routing key as strings or pre-encoded UTF-8.</summary>
internal readonly struct BasicPublish : IOutgoingMethod
{
    private readonly string? _exchange;
    private readonly string? _routingKey;
    private readonly ReadOnlyMemory<byte> _exchangeUtf8;
    private readonly ReadOnlyMemory<byte> _routingKeyUtf8;
    private readonly bool _mandatory;

    public BasicPublish(string exchange, string routingKey, bool mandatory)
    {
        _exchange = exchange;
        _routingKey = routingKey;
        _mandatory = mandatory;
    }

    public BasicPublish(ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, bool mandatory)
    {
        _exchangeUtf8 = exchangeUtf8;
        _routingKeyUtf8 = routingKeyUtf8;
        _mandatory = mandatory;
    }

    public uint Id => MethodId.BasicPublish;

    public bool Mandatory => _mandatory;

    public int MaxArgumentsSize =>
        2 + (_exchange is null ? 1 + _exchangeUtf8.Length : WireSize.ShortString(_exchange))
        + (_routingKey is null ? 1 + _routingKeyUtf8.Length : WireSize.ShortString(_routingKey)) + 1;

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(0);
        if (_exchange is null) writer.WriteShortString(_exchangeUtf8.Span); else writer.WriteShortString(_exchange);
        if (_routingKey is null) writer.WriteShortString(_routingKeyUtf8.Span); else writer.WriteShortString(_routingKey);
        writer.WriteBit(_mandatory);
        writer.WriteBit(false); // immediate: RabbitMQ does not support it
    }
}

internal readonly struct BasicGet(string queue, bool noAck) : IOutgoingMethod
{
    public uint Id => MethodId.BasicGet;
    public int MaxArgumentsSize => 2 + WireSize.ShortString(queue) + 1;

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(0);
        writer.WriteShortString(queue);
        writer.WriteBit(noAck);
    }
}

/// <summary>basic.ack, basic.nack and basic.reject: a delivery tag and up to two bits.</summary>
internal readonly struct BasicAcknowledgement(uint id, ulong deliveryTag, bool multiple, bool requeue) : IOutgoingMethod
{
    public uint Id => id;
    public int MaxArgumentsSize => 9;

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteLongLong(deliveryTag);
        switch (id)
        {
            case MethodId.BasicAck:
                writer.WriteBit(multiple);
                break;
            case MethodId.BasicReject:
                writer.WriteBit(requeue);
                break;
            default:
                writer.WriteBit(multiple);
                writer.WriteBit(requeue);
                break;
        }
    }
}

internal readonly struct BasicRecover(bool requeue) : IOutgoingMethod
{
    public uint Id => MethodId.BasicRecover;
    public int MaxArgumentsSize => 1;
    public void WriteArguments(ref AmqpWriter writer) => writer.WriteBit(requeue);
}
