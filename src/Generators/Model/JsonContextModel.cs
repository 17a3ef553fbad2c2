using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>A [JsonContext]: for the assembly (Scope null) or one contract, with the types its [JsonSerializable] attributes register.</summary>
internal sealed record JsonContextModel(string? Scope, string ContextFullName, EquatableArray<string> SerializableTypes);
