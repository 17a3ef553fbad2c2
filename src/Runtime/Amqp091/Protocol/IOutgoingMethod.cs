namespace TypedAmqp.Amqp091.Protocol;

/// <summary>
/// A method the client sends. Implemented by small readonly structs so that writing a frame is generic over the
/// method type and never boxes.
/// </summary>
internal interface IOutgoingMethod
{
    /// <summary>Class and method id, see <see cref="MethodId"/>.</summary>
    uint Id { get; }

    /// <summary>An upper bound of the argument bytes, used to size the buffer before writing.</summary>
    int MaxArgumentsSize { get; }

    /// <summary>Writes the arguments that follow the class and method ids.</summary>
    void WriteArguments(ref AmqpWriter writer);
}
