namespace TypedAmqp.Amqp091.Protocol.Methods;

// Methods of the channel class (20) that the client sends; channel.close uses CloseMethod.

internal readonly struct ChannelOpen : IOutgoingMethod
{
    public uint Id => MethodId.ChannelOpen;
    public int MaxArgumentsSize => 1;
    public void WriteArguments(ref AmqpWriter writer) => writer.WriteShortString(string.Empty); // reserved-1
}

/// <summary>channel.flow and channel.flow-ok carry one bit.</summary>
internal readonly struct ChannelFlow(uint id, bool active) : IOutgoingMethod
{
    public uint Id => id;
    public int MaxArgumentsSize => 1;
    public void WriteArguments(ref AmqpWriter writer) => writer.WriteBit(active);
}
