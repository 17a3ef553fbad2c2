using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.CodeFixes;

/// <summary>TAMQP032 with a valid x-match value among the Headers: move it into HeaderMatch.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HeaderMatchFix)), Shared]
public sealed class HeaderMatchFix : AttributeCodeFix
{
    private static readonly ImmutableDictionary<string, string> Modes = new[]
    {
        ("all", "All"), ("any", "Any"), ("all-with-x", "AllWithX"), ("any-with-x", "AnyWithX"),
    }.ToImmutableDictionary(m => m.Item1, m => m.Item2);

    /// <inheritdoc />
    protected override ImmutableArray<string> Ids { get; } = ["TAMQP032"];

    /// <inheritdoc />
    protected override (string Title, SyntaxNode NewRoot)? Fix(SyntaxNode root, AttributeSyntax binding, Diagnostic diagnostic)
    {
        if (binding.ArgumentList is null || AttributeEdits.Named(binding, "HeaderMatch") is not null || AttributeEdits.Named(binding, "Headers") is not { } headers) return null;
        LiteralExpressionSyntax? match = headers.Expression.DescendantNodes().OfType<LiteralExpressionSyntax>()
            .FirstOrDefault(l => l.IsKind(SyntaxKind.StringLiteralExpression) && l.Token.ValueText.StartsWith("x-match=", System.StringComparison.OrdinalIgnoreCase));
        if (match is null || !Modes.TryGetValue(match.Token.ValueText.Substring("x-match=".Length), out string? mode)) return null;
        if (match.Parent is not InitializerExpressionSyntax list) return null;

        SeparatedSyntaxList<ExpressionSyntax> rest = list.Expressions.Remove(match);
        if (rest.Count > 0) rest = rest.Replace(rest.Last(), rest.Last().WithTrailingTrivia(match.GetTrailingTrivia()));
        AttributeArgumentSyntax headerMatch = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("HeaderMatch")), null, SyntaxFactory.ParseExpression("HeaderMatch." + mode));
        AttributeSyntax updated = binding.ReplaceNode(list, list.WithExpressions(rest));
        updated = updated.WithArgumentList(updated.ArgumentList!.AddArguments(headerMatch));
        return ($"Use HeaderMatch = HeaderMatch.{mode}", root.ReplaceNode(binding, updated));
    }
}
