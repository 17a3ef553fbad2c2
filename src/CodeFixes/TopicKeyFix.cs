using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.CodeFixes;

/// <summary>TAMQP005 for a topic key with empty words ("order..created", a leading or trailing dot): drop the empty words.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TopicKeyFix)), Shared]
public sealed class TopicKeyFix : AttributeCodeFix
{
    /// <inheritdoc />
    protected override ImmutableArray<string> Ids { get; } = ["TAMQP005"];

    /// <inheritdoc />
    protected override (string Title, SyntaxNode NewRoot)? Fix(SyntaxNode root, AttributeSyntax attribute, Diagnostic diagnostic)
    {
        AttributeArgumentSyntax? keyArgument = AttributeEdits.Name(attribute) switch
        {
            "RoutingKey" => AttributeEdits.Positional(attribute, 0),
            "Binding" or "ExchangeBinding" => AttributeEdits.Positional(attribute, 1),
            _ => null,
        };
        if (AttributeEdits.StringValue(keyArgument) is not { } key) return null;
        string fixedKey = string.Join(".", key.Split('.').Where(word => word.Length > 0));
        if (fixedKey == key || fixedKey.Length == 0) return null;
        LiteralExpressionSyntax literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(fixedKey));
        return ($"Use '{fixedKey}'", root.ReplaceNode(keyArgument!.Expression, literal.WithTriviaFrom(keyArgument.Expression)));
    }
}
