using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace TypedAmqp.CodeFixes;

/// <summary>
/// TAMQP003 (binding to an undeclared exchange) and TAMQP030 (dead-letter or alternate exchange declared nowhere):
/// say that another service declares it, with [assembly: ExternalExchange(name, kind)] in the same file.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkExchangeExternalFix)), Shared]
public sealed class MarkExchangeExternalFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TAMQP003", "TAMQP030"];

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan) is not { } attribute) continue;
            if (Target(attribute) is not (string name, string kind)) continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Mark exchange '{name}' as declared elsewhere", ct => AddAsync(context.Document, unit, name, kind, ct), nameof(MarkExchangeExternalFix) + name),
                diagnostic);
        }
    }

    /// <summary>The exchange the attribute refers to and a kind that fits how it is used.</summary>
    private static (string Name, string Kind)? Target(AttributeSyntax attribute)
    {
        switch (AttributeEdits.Name(attribute))
        {
            case "Binding" or "ExchangeBinding":
                string? name = AttributeEdits.StringValue(AttributeEdits.Positional(attribute, 0));
                if (name is null) return null;
                string key = AttributeEdits.StringValue(AttributeEdits.Positional(attribute, 1)) ?? string.Empty;
                string kind = AttributeEdits.Named(attribute, "Headers") is not null ? "Headers"
                    : key.IndexOf('*') >= 0 || key.IndexOf('#') >= 0 || key.IndexOf('.') >= 0 ? "Topic"
                    : key.Length == 0 ? "Fanout"
                    : "Direct";
                return (name, kind);
            case "Queue":
                return AttributeEdits.StringValue(AttributeEdits.Named(attribute, "DeadLetterExchange")) is { } deadLetters ? (deadLetters, "Fanout") : null;
            case "Exchange":
                return AttributeEdits.StringValue(AttributeEdits.Named(attribute, "AlternateExchange")) is { } alternate ? (alternate, "Fanout") : null;
            default:
                return null;
        }
    }

    private static Task<Document> AddAsync(Document document, CompilationUnitSyntax unit, string name, string kind, CancellationToken cancellationToken)
    {
        string newLine = unit.ToFullString().Contains("\r\n") ? "\r\n" : "\n";
        // Written out whole, then simplified (TypedAmqp. drops where a using allows), with a blank line after it.
        AttributeListSyntax external = SyntaxFactory.ParseCompilationUnit(
                $"[assembly: TypedAmqp.ExternalExchange({SymbolDisplay.FormatLiteral(name, quote: true)}, TypedAmqp.ExchangeKind.{kind})]")
            .AttributeLists[0]
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine), SyntaxFactory.EndOfLine(newLine))
            .WithAdditionalAnnotations(Simplifier.Annotation);
        if (unit.Members.FirstOrDefault() is { } first)
        {
            // The blank lines that separated the usings from the first declaration now go before the attribute.
            SyntaxTriviaList leading = first.GetLeadingTrivia();
            int blank = leading.TakeWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia)).Count();
            external = external.WithLeadingTrivia(leading.Take(blank));
            unit = unit.ReplaceNode(first, first.WithLeadingTrivia(leading.Skip(blank)));
        }

        return Task.FromResult(document.WithSyntaxRoot(unit.AddAttributeLists(external)));
    }
}
