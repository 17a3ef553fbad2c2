using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.CodeFixes;

/// <summary>TAMQP026 (a quorum queue on RabbitMQ 4 that drops a message after 20 redeliveries): state the limit, DeliveryLimit = 20, so it is a choice you can see and change.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeliveryLimitFix)), Shared]
public sealed class DeliveryLimitFix : AttributeCodeFix
{
    /// <inheritdoc />
    protected override ImmutableArray<string> Ids { get; } = ["TAMQP026"];

    /// <inheritdoc />
    protected override (string Title, SyntaxNode NewRoot)? Fix(SyntaxNode root, AttributeSyntax queue, Diagnostic diagnostic)
    {
        if (queue.ArgumentList is null || AttributeEdits.Named(queue, "DeliveryLimit") is not null) return null;
        AttributeArgumentSyntax limit = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("DeliveryLimit")), null,
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(20)));
        return ("Set DeliveryLimit = 20 explicitly", root.ReplaceNode(queue, queue.WithArgumentList(queue.ArgumentList.AddArguments(limit))));
    }
}
