using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>A message type as the emitter and validator need it.</summary>
/// <param name="FullName">The global::-qualified type name.</param>
/// <param name="DisplayName">The type name for messages, such as "OrderCreated".</param>
/// <param name="WireName">The stable name carried in the AMQP type property.</param>
/// <param name="Location">Where the type (or its [MessageType]) is declared, when in source.</param>
internal sealed record MessageTypeModel(string FullName, string DisplayName, string WireName, LocationInfo? Location);
