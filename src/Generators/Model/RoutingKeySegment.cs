namespace TypedAmqp.Generators.Model;

/// <summary>How a placeholder's value is written into the routing key.</summary>
internal enum PlaceholderFormat
{
    /// <summary>Not a placeholder: literal text.</summary>
    None,
    /// <summary>A string member.</summary>
    String,
    /// <summary>A member implementing IUtf8SpanFormattable (numbers, Guid, dates).</summary>
    Formattable,
    /// <summary>An enum member, written by name.</summary>
    Enum,
}

/// <summary>A literal part of a routing-key template, or a placeholder naming a member of the message.</summary>
/// <param name="Text">The literal text, or the placeholder's member name.</param>
/// <param name="Format">How the placeholder is written; None for literal text.</param>
/// <param name="MemberType">The placeholder member's type as users read it; "" for literal text.</param>
/// <param name="MayContainDot">Whether the member's formatted text can contain '.' (a number with decimals, a TimeSpan…).</param>
/// <param name="IsNullableReference">Whether the member is a reference type annotated nullable, which the key cannot hold when null.</param>
internal sealed record RoutingKeySegment(string Text, PlaceholderFormat Format, string MemberType = "", bool MayContainDot = false, bool IsNullableReference = false)
{
    public bool IsPlaceholder => Format != PlaceholderFormat.None;
}
