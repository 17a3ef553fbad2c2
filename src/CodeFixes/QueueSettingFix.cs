using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.CodeFixes;

/// <summary>
/// TAMQP009 on a quorum or stream queue (exclusive, auto-delete or non-durable, all refused) and TAMQP025 (a transient
/// classic queue, deprecated on RabbitMQ 4): remove the settings, so the queue is durable and shared.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(QueueSettingFix)), Shared]
public sealed class QueueSettingFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TAMQP009", "TAMQP025"];

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan) is not { } queue || AttributeEdits.Name(queue) != "Queue") continue;
            AttributeArgumentSyntax[] refused = Refused(queue, diagnostic.Id).ToArray();
            if (refused.Length == 0) continue;
            string settings = string.Join(" and ", refused.Select(a => a.ToString()));
            string title = diagnostic.Id == "TAMQP025" ? "Make the queue durable" : $"Remove {settings}";
            context.RegisterCodeFix(
                CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(queue, AttributeEdits.WithoutArguments(queue, refused)))), nameof(QueueSettingFix)),
                diagnostic);
        }
    }

    private static IEnumerable<AttributeArgumentSyntax> Refused(AttributeSyntax queue, string id)
    {
        AttributeArgumentSyntax? durable = AttributeEdits.Named(queue, "Durable");
        if (AttributeEdits.IsBool(durable, false)) yield return durable!;
        if (id == "TAMQP025") yield break;

        // Quorum and stream queues only (a classic queue may be exclusive or auto-delete).
        string kind = AttributeEdits.Positional(queue, 1)?.Expression.ToString() ?? string.Empty;
        if (!kind.EndsWith("Quorum", System.StringComparison.Ordinal) && !kind.EndsWith("Stream", System.StringComparison.Ordinal)) yield break;
        foreach (string setting in new[] { "Exclusive", "AutoDelete" })
        {
            AttributeArgumentSyntax? argument = AttributeEdits.Named(queue, setting);
            if (AttributeEdits.IsBool(argument, true)) yield return argument!;
        }
    }
}
