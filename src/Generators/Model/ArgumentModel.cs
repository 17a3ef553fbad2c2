using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>What kind of value a declare argument holds, as the broker sees its field-table type.</summary>
internal enum ArgumentValueKind
{
    Null,
    String,
    Integer,
    Boolean,
    Float,
    Other,
}

/// <summary>One declare argument: its name, the C# expression of its value (a literal), and where it came from.</summary>
/// <param name="Name">The argument's name, such as x-message-ttl.</param>
/// <param name="ValueLiteral">The value as a C# literal for generated code.</param>
/// <param name="Kind">The value's kind, for the broker's type rules.</param>
/// <param name="Text">The value as invariant text (numbers, strings, true/false), for range rules and messages.</param>
/// <param name="Source">What set it: a typed setting such as "MessageTtl", or "[Argument]".</param>
/// <param name="Location">The [Argument] attribute's location; null for typed settings (they point at their declaration).</param>
internal sealed record ArgumentModel(string Name, string ValueLiteral, ArgumentValueKind Kind, string Text, string Source, LocationInfo? Location)
{
    public const string FreeForm = "[Argument]";

    public bool IsFreeForm => Source == FreeForm;

    public static ArgumentModel Setting(string name, string source, string value) =>
        new(name, CSharpLiteral.String(value), ArgumentValueKind.String, value, source, null);

    public static ArgumentModel Setting(string name, string source, long value) =>
        new(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "L", ArgumentValueKind.Integer, value.ToString(System.Globalization.CultureInfo.InvariantCulture), source, null);

    public static ArgumentModel Setting(string name, string source, int value) =>
        new(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture), ArgumentValueKind.Integer, value.ToString(System.Globalization.CultureInfo.InvariantCulture), source, null);

    public static ArgumentModel Setting(string name, string source, bool value) =>
        new(name, CSharpLiteral.Bool(value), ArgumentValueKind.Boolean, CSharpLiteral.Bool(value), source, null);
}
