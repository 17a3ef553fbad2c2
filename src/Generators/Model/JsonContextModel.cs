using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>A [JsonContext]: for the assembly (Scope null) or one contract, with the types its [JsonSerializable] attributes register.</summary>
/// <param name="Problem">Why the type cannot serve as the context (not a JsonSerializerContext, or not accessible); null when it can.</param>
/// <param name="Location">The [JsonContext] attribute's location.</param>
internal sealed record JsonContextModel(string? Scope, string ContextFullName, EquatableArray<string> SerializableTypes, string? Problem = null, LocationInfo? Location = null);
