using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.CodeFixes;

/// <summary>
/// TAMQP009 on a quorum or stream queue (exclusive, auto-delete or non-durable, all refused) and TAMQP025 (a transient
/// classic queue, deprecated on RabbitMQ 4): remove the settings, so the queue is durable and shared.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(QueueSettingFix)), Shared]
public sealed class QueueSettingFix : AttributeCodeFix
{
    /// <inheritdoc />
    protected override ImmutableArray<string> Ids { get; } = ["TAMQP009", "TAMQP025"];

    /// <inheritdoc />
    protected override (string Title, SyntaxNode NewRoot)? Fix(SyntaxNode root, AttributeSyntax queue, Diagnostic diagnostic)
    {
        if (AttributeEdits.Name(queue) != "Queue") return null;
        AttributeArgumentSyntax[] refused = Refused(queue, diagnostic.Id).ToArray();
        if (refused.Length == 0) return null;
        string title = diagnostic.Id == "TAMQP025" ? "Make the queue durable" : "Remove " + string.Join(" and ", refused.Select(a => a.ToString()));
        return (title, root.ReplaceNode(queue, AttributeEdits.WithoutArguments(queue, refused)));
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
