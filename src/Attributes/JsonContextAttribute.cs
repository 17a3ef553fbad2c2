namespace TypedAmqp;

/// <summary>
/// Names the System.Text.Json source-generated <c>JsonSerializerContext</c> that serializes the messages: once for
/// the assembly, or on one contract interface to override it there. Every message type must be registered on it
/// with <c>[JsonSerializable(typeof(...))]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class JsonContextAttribute : Attribute
{
    /// <summary>Names the context type.</summary>
    public JsonContextAttribute(Type contextType)
    {
        ContextType = contextType;
    }

    /// <summary>The context type.</summary>
    public Type ContextType { get; }
}
