using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.CodeFixes;

/// <summary>
/// TAMQP028 (an [Argument] that repeats a setting) and TAMQP044 (a [RoutingKey] that a fanout or headers exchange
/// ignores): remove the attribute that has no effect.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveAttributeFix)), Shared]
public sealed class RemoveAttributeFix : AttributeCodeFix
{
    /// <inheritdoc />
    protected override ImmutableArray<string> Ids { get; } = ["TAMQP028", "TAMQP044"];

    /// <inheritdoc />
    protected override (string Title, SyntaxNode NewRoot)? Fix(SyntaxNode root, AttributeSyntax attribute, Diagnostic diagnostic)
    {
        string expected = diagnostic.Id == "TAMQP028" ? "Argument" : "RoutingKey";
        return AttributeEdits.Name(attribute) == expected ? ($"Remove [{attribute}]", AttributeEdits.RemoveAttribute(root, attribute)) : null;
    }
}
