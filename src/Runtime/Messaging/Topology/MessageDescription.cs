using System.Text.Json.Serialization.Metadata;

namespace TypedAmqp.Messaging;

/// <summary>A message type as data: its wire name and the source-generated JSON metadata its schema is derived from.</summary>
/// <param name="WireName">The stable message-type name carried in the AMQP <c>type</c> property, such as "orders.placed".</param>
/// <param name="TypeInfo">The type's metadata from the application's <c>JsonSerializerContext</c>.</param>
public sealed record MessageDescription(string WireName, JsonTypeInfo TypeInfo);
