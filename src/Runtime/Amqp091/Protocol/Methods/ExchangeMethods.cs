namespace TypedAmqp.Amqp091.Protocol.Methods;

// Methods of the exchange class (40), including RabbitMQ's exchange-to-exchange bind and unbind.

internal readonly struct ExchangeDeclare(
    string exchange, string type, bool passive, bool durable, bool autoDelete, bool @internal, bool noWait,
    IReadOnlyDictionary<string, object?>? arguments) : IOutgoingMethod
{
    public uint Id => MethodId.ExchangeDeclare;
    public int MaxArgumentsSize => 2 + WireSize.ShortString(exchange) + WireSize.ShortString(type) + 1 + WireSize.Table(arguments);

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(0); // reserved-1 (ticket)
        writer.WriteShortString(exchange);
        writer.WriteShortString(type);
        writer.WriteBit(passive);
        writer.WriteBit(durable);
        writer.WriteBit(autoDelete);
        writer.WriteBit(@internal);
        writer.WriteBit(noWait);
        writer.WriteTable(arguments);
    }
}

internal readonly struct ExchangeDelete(string exchange, bool ifUnused, bool noWait) : IOutgoingMethod
{
    public uint Id => MethodId.ExchangeDelete;
    public int MaxArgumentsSize => 2 + WireSize.ShortString(exchange) + 1;

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(0);
        writer.WriteShortString(exchange);
        writer.WriteBit(ifUnused);
        writer.WriteBit(noWait);
    }
}

/// <summary>exchange.bind and exchange.unbind share their arguments.</summary>
internal readonly struct ExchangeBind(uint id, string destination, string source, string routingKey, bool noWait, IReadOnlyDictionary<string, object?>? arguments) : IOutgoingMethod
{
    public uint Id => id;
    public int MaxArgumentsSize => 2 + WireSize.ShortString(destination) + WireSize.ShortString(source) + WireSize.ShortString(routingKey) + 1 + WireSize.Table(arguments);

    public void WriteArguments(ref AmqpWriter writer)
    {
        writer.WriteShort(0);
        writer.WriteShortString(destination);
        writer.WriteShortString(source);
        writer.WriteShortString(routingKey);
        writer.WriteBit(noWait);
        writer.WriteTable(arguments);
    }
}
