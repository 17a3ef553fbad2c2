namespace TypedAmqp.Amqp091.Protocol.Methods;

// The confirm class (85); the tx class (90) has no arguments and is written with EmptyMethod.

internal readonly struct ConfirmSelect(bool noWait) : IOutgoingMethod
{
    public uint Id => MethodId.ConfirmSelect;
    public int MaxArgumentsSize => 1;
    public void WriteArguments(ref AmqpWriter writer) => writer.WriteBit(noWait);
}
