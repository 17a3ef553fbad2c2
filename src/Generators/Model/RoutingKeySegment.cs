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
internal sealed record RoutingKeySegment(string Text, PlaceholderFormat Format)
{
    public bool IsPlaceholder => Format != PlaceholderFormat.None;
}
