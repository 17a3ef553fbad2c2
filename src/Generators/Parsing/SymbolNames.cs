using System.Linq;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Parsing;

/// <summary>How symbols are written into generated code and into diagnostics.</summary>
internal static class SymbolNames
{
    /// <summary>global::-qualified, keywords escaped, nullable reference annotations kept (so signatures match exactly).</summary>
    public static readonly SymbolDisplayFormat Signature = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>A namespace as written after <c>namespace</c>, keywords escaped; "" for the global namespace.</summary>
    public static string Namespace(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns
            ? string.Join(".", ns.ToDisplayString().Split('.').Select(Identifier.Escape))
            : string.Empty;

    /// <summary>The type's name with its containing types, as users read it: Outer.IOrderEvents.</summary>
    public static string Display(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? Display(outer) + "." + type.Name : type.Name;

    public static string Type(ITypeSymbol type) => type.ToDisplayString(Signature);
}
