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

/// <summary>TAMQP032 with a valid x-match value among the Headers: move it into HeaderMatch.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HeaderMatchFix)), Shared]
public sealed class HeaderMatchFix : CodeFixProvider
{
    private static readonly ImmutableDictionary<string, string> Modes = new[]
    {
        ("all", "All"), ("any", "Any"), ("all-with-x", "AllWithX"), ("any-with-x", "AnyWithX"),
    }.ToImmutableDictionary(m => m.Item1, m => m.Item2);

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TAMQP032"];

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan) is not { ArgumentList: not null } binding) continue;
            if (AttributeEdits.Named(binding, "HeaderMatch") is not null || AttributeEdits.Named(binding, "Headers") is not { } headers) continue;
            LiteralExpressionSyntax? match = headers.Expression.DescendantNodes().OfType<LiteralExpressionSyntax>()
                .FirstOrDefault(l => l.IsKind(SyntaxKind.StringLiteralExpression) && l.Token.ValueText.StartsWith("x-match=", System.StringComparison.OrdinalIgnoreCase));
            if (match is null || !Modes.TryGetValue(match.Token.ValueText.Substring("x-match=".Length), out string? mode)) continue;
            if (match.Parent is not InitializerExpressionSyntax list) continue;

            SeparatedSyntaxList<ExpressionSyntax> rest = list.Expressions.Remove(match);
            if (rest.Count > 0) rest = rest.Replace(rest.Last(), rest.Last().WithTrailingTrivia(match.GetTrailingTrivia()));
            InitializerExpressionSyntax withoutMatch = list.WithExpressions(rest);
            AttributeArgumentSyntax headerMatch = SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("HeaderMatch")), null, SyntaxFactory.ParseExpression("HeaderMatch." + mode));
            AttributeSyntax updated = binding.ReplaceNode(list, withoutMatch);
            updated = updated.WithArgumentList(updated.ArgumentList!.AddArguments(headerMatch));
            context.RegisterCodeFix(
                CodeAction.Create($"Use HeaderMatch = HeaderMatch.{mode}", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(binding, updated))), nameof(HeaderMatchFix)),
                diagnostic);
        }
    }
}
