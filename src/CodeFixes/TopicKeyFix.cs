using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.CodeFixes;

/// <summary>TAMQP005 for a topic key with empty words ("order..created", a leading or trailing dot): drop the empty words.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TopicKeyFix)), Shared]
public sealed class TopicKeyFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TAMQP005"];

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan) is not { } attribute) continue;
            AttributeArgumentSyntax? keyArgument = AttributeEdits.Name(attribute) switch
            {
                "RoutingKey" => AttributeEdits.Positional(attribute, 0),
                "Binding" or "ExchangeBinding" => AttributeEdits.Positional(attribute, 1),
                _ => null,
            };
            if (AttributeEdits.StringValue(keyArgument) is not { } key) continue;
            string fixedKey = string.Join(".", key.Split('.').Where(word => word.Length > 0));
            if (fixedKey == key || fixedKey.Length == 0) continue;
            LiteralExpressionSyntax literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(fixedKey));
            context.RegisterCodeFix(
                CodeAction.Create($"Use '{fixedKey}'", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(keyArgument!.Expression, literal.WithTriviaFrom(keyArgument.Expression)))), nameof(TopicKeyFix)),
                diagnostic);
        }
    }
}
