using System.Text.Json.Serialization;

namespace TypedAmqp.Integration.AsyncApi;

/// <summary>A recursive message, whose JSON Schema refers to itself: the document must rebase that reference.</summary>
public sealed record TreeNode(string Name, IReadOnlyList<TreeNode>? Children);

/// <summary>A message routed by a number, with a camel-case JSON naming policy.</summary>
public sealed record Reading(int Sensor, double Value);

[JsonSerializable(typeof(TreeNode))]
[JsonSerializable(typeof(Reading))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class TreeJson : JsonSerializerContext;
