using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TypedAmqp.Generators.Helpers;

/// <summary>A source location detached from the compilation (path and spans only), safe to keep in cached models.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null) return null;
        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public static LocationInfo? From(SyntaxNode? node) => From(node?.GetLocation());

    public static LocationInfo? From(AttributeData attribute) => From(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation());
}
