namespace TypedAmqp.Generators.Model;

/// <summary>One declare argument: its name and the C# expression of its value (a literal).</summary>
internal sealed record ArgumentModel(string Name, string ValueLiteral);
