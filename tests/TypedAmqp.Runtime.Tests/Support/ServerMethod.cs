using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;

namespace TypedAmqp.Tests.Support;

/// <summary>Writes the arguments of a method the test's fake broker sends.</summary>
internal delegate void ArgumentsWriter(ref AmqpWriter writer);

/// <summary>A server-to-client method for tests: any id, arguments written by a delegate.</summary>
internal readonly struct ServerMethod(uint id, ArgumentsWriter? write = null, int maxSize = 4096) : IOutgoingMethod
{
    public uint Id => id;
    public int MaxArgumentsSize => maxSize;
    public void WriteArguments(ref AmqpWriter writer) => write?.Invoke(ref writer);
}
