using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.CodeFixes;

/// <summary>
/// The shape most fixes share: TypedAmqp reports the problem at an attribute, and the fix rewrites the document
/// around that attribute. A subclass says which IDs it fixes and what the new root is, or null when it cannot help.
/// </summary>
public abstract class AttributeCodeFix : CodeFixProvider
{
    /// <summary>The diagnostic IDs this fix handles.</summary>
    protected abstract ImmutableArray<string> Ids { get; }

    /// <inheritdoc />
    public sealed override ImmutableArray<string> FixableDiagnosticIds => Ids;

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <summary>The fix for <paramref name="attribute"/>: a title and the document's new root; null when there is none.</summary>
    protected abstract (string Title, SyntaxNode NewRoot)? Fix(SyntaxNode root, AttributeSyntax attribute, Diagnostic diagnostic);

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan) is not { } attribute) continue;
            if (Fix(root, attribute, diagnostic) is not (string title, SyntaxNode newRoot)) continue;
            Document document = context.Document;
            context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(document.WithSyntaxRoot(newRoot)), GetType().Name + title), diagnostic);
        }
    }
}
