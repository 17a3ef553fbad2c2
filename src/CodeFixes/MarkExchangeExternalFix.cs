using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using Microsoft.CodeAnalysis;
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
public sealed class MarkExchangeExternalFix : AttributeCodeFix
{
    /// <inheritdoc />
    protected override ImmutableArray<string> Ids { get; } = ["TAMQP003", "TAMQP030"];

    /// <inheritdoc />
    /// <remarks>Each fix inserts at the same place in the file, which a batch of them would trip over.</remarks>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    protected override (string Title, SyntaxNode NewRoot)? Fix(SyntaxNode root, AttributeSyntax attribute, Diagnostic diagnostic) =>
        root is CompilationUnitSyntax unit && Target(attribute) is (string name, string kind)
            ? ($"Mark exchange '{name}' as declared elsewhere", WithExternal(unit, name, kind))
            : null;

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

    private static CompilationUnitSyntax WithExternal(CompilationUnitSyntax unit, string name, string kind)
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

        return unit.AddAttributeLists(external);
    }
}
