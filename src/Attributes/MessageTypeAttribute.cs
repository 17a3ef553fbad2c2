namespace TypedAmqp;

/// <summary>
/// The stable name a message type has on the wire (the AMQP <c>type</c> property). Without it the name is the
/// type's namespace-qualified name, such as <c>MyApp.Contracts.OrderCreated</c>; set it explicitly so renaming the
/// class does not change the wire format.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class MessageTypeAttribute : Attribute
{
    /// <summary>Sets the wire name.</summary>
    public MessageTypeAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The wire name.</summary>
    public string Name { get; }
}
