using System.Text.Json.Serialization.Metadata;

namespace TypedAmqp.Messaging;

/// <summary>
/// What the runtime needs to put a message type on the wire: its stable wire name (the AMQP <c>type</c> property)
/// and its System.Text.Json source-generated metadata. Generated code creates one per message type.
/// </summary>
/// <typeparam name="TMessage">The message type.</typeparam>
public sealed class MessageDescriptor<TMessage>
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="wireName">The message-type name carried in the <c>type</c> property.</param>
    /// <param name="typeInfo">The source-generated serialization metadata.</param>
    public MessageDescriptor(string wireName, JsonTypeInfo<TMessage> typeInfo)
    {
        ArgumentException.ThrowIfNullOrEmpty(wireName);
        ArgumentNullException.ThrowIfNull(typeInfo);
        WireName = wireName;
        WireNameUtf8 = System.Text.Encoding.UTF8.GetBytes(wireName);
        TypeInfo = typeInfo;
    }

    /// <summary>The stable message-type name, such as "orders.created".</summary>
    public string WireName { get; }

    /// <summary>The wire name as UTF-8, compared against received <c>type</c> properties without allocating.</summary>
    public ReadOnlyMemory<byte> WireNameUtf8 { get; }

    /// <summary>The serialization metadata from the application's <c>JsonSerializerContext</c>.</summary>
    public JsonTypeInfo<TMessage> TypeInfo { get; }

    /// <summary>The content type of serialized bodies.</summary>
    public string ContentType => "application/json";
}
