namespace TypedAmqp.Amqp091.Protocol.Methods;

// Methods of the queue class (50) that the client sends.

internal readonly struct QueueDeclare(
    string queue, bool passive, bool durable, bool exclusive, bool autoDelete, bool noWait,
    IReadOnlyDictionary<string, object?>? arguments) : IOutgoingMethod
{
    public uint Id => MethodId.QueueDeclare;
    public int MaxArgumentsSize => 2 + WireSize.ShortString(queue) + 1 + WireSize.Table(arguments);

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(0);
        writer.WriteShortString(queue);
        writer.WriteBit(passive);
        writer.WriteBit(durable);
        writer.WriteBit(exclusive);
        writer.WriteBit(autoDelete);
        writer.WriteBit(noWait);
        writer.WriteTable(arguments);
    }
}

internal readonly struct QueueBind(string queue, string exchange, string routingKey, bool noWait, IReadOnlyDictionary<string, object?>? arguments) : IOutgoingMethod
{
    public uint Id => MethodId.QueueBind;
    public int MaxArgumentsSize => 2 + WireSize.ShortString(queue) + WireSize.ShortString(exchange) + WireSize.ShortString(routingKey) + 1 + WireSize.Table(arguments);

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(0);
        writer.WriteShortString(queue);
        writer.WriteShortString(exchange);
        writer.WriteShortString(routingKey);
        writer.WriteBit(noWait);
        writer.WriteTable(arguments);
    }
}

/// <summary>queue.unbind has no no-wait bit.</summary>
internal readonly struct QueueUnbind(string queue, string exchange, string routingKey, IReadOnlyDictionary<string, object?>? arguments) : IOutgoingMethod
{
    public uint Id => MethodId.QueueUnbind;
    public int MaxArgumentsSize => 2 + WireSize.ShortString(queue) + WireSize.ShortString(exchange) + WireSize.ShortString(routingKey) + WireSize.Table(arguments);

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(0);
        writer.WriteShortString(queue);
        writer.WriteShortString(exchange);
        writer.WriteShortString(routingKey);
        writer.WriteTable(arguments);
    }
}

internal readonly struct QueuePurge(string queue, bool noWait) : IOutgoingMethod
{
    public uint Id => MethodId.QueuePurge;
    public int MaxArgumentsSize => 2 + WireSize.ShortString(queue) + 1;

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(0);
        writer.WriteShortString(queue);
        writer.WriteBit(noWait);
    }
}

internal readonly struct QueueDelete(string queue, bool ifUnused, bool ifEmpty, bool noWait) : IOutgoingMethod
{
    public uint Id => MethodId.QueueDelete;
    public int MaxArgumentsSize => 2 + WireSize.ShortString(queue) + 1;

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(0);
        writer.WriteShortString(queue);
        writer.WriteBit(ifUnused);
        writer.WriteBit(ifEmpty);
        writer.WriteBit(noWait);
    }
}
