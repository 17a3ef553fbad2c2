using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.CodeFixes;

/// <summary>TAMQP026 (a quorum queue on RabbitMQ 4 that drops a message after 20 redeliveries): state the limit, DeliveryLimit = 20, so it is a choice you can see and change.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeliveryLimitFix)), Shared]
public sealed class DeliveryLimitFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TAMQP026"];

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan) is not { ArgumentList: not null } queue || AttributeEdits.Named(queue, "DeliveryLimit") is not null) continue;
            AttributeArgumentSyntax limit = SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("DeliveryLimit")), null,
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(20)));
            AttributeSyntax updated = queue.WithArgumentList(queue.ArgumentList.AddArguments(limit));
            context.RegisterCodeFix(
                CodeAction.Create("Set DeliveryLimit = 20 explicitly", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(queue, updated))), nameof(DeliveryLimitFix)),
                diagnostic);
        }
    }
}
