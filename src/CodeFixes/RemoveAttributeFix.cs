using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace TypedAmqp.CodeFixes;

/// <summary>
/// TAMQP028 (an [Argument] that repeats a setting) and TAMQP044 (a [RoutingKey] that a fanout or headers exchange
/// ignores): remove the attribute that has no effect.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveAttributeFix)), Shared]
public sealed class RemoveAttributeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TAMQP028", "TAMQP044"];

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
            string expected = diagnostic.Id == "TAMQP028" ? "Argument" : "RoutingKey";
            if (AttributeEdits.Name(attribute) != expected) continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Remove [{attribute}]", _ => Task.FromResult(context.Document.WithSyntaxRoot(AttributeEdits.RemoveAttribute(root, attribute))), nameof(RemoveAttributeFix) + expected),
                diagnostic);
        }
    }
}
