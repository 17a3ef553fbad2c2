using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace TypedAmqp.CodeFixes;

/// <summary>TAMQP015 (a message type missing from the JsonSerializerContext): add [JsonSerializable(typeof(T))] to the context, wherever it is declared.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(JsonSerializableFix)), Shared]
public sealed class JsonSerializableFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TAMQP015"];

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue("MessageType", out string? messageType) || messageType is null) continue;
            if (!diagnostic.Properties.TryGetValue("JsonContext", out string? jsonContext) || jsonContext is null) continue;
            string shortName = messageType.Substring(messageType.LastIndexOf('.') + 1);
            context.RegisterCodeFix(
                CodeAction.Create($"Add [JsonSerializable(typeof({shortName}))] to {jsonContext.Replace("global::", string.Empty)}",
                    ct => AddAsync(context.Document.Project.Solution, context.Document.Project, messageType, jsonContext, ct), nameof(JsonSerializableFix) + messageType),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    /// <summary>The whitespace that indents a node on its line.</summary>
    private static SyntaxTriviaList Indentation(SyntaxNode node) =>
        SyntaxFactory.TriviaList(node.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());

    private static async Task<Solution> AddAsync(Solution solution, Project project, string messageType, string jsonContext, CancellationToken cancellationToken)
    {
        Compilation? compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        INamedTypeSymbol? context = compilation?.GetTypeByMetadataName(jsonContext.Replace("global::", string.Empty));
        if (context?.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference) return solution;
        if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not ClassDeclarationSyntax declaration) return solution;
        Document? document = solution.GetDocument(declaration.SyntaxTree);
        if (document is null) return solution;

        AttributeListSyntax serializable = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(
                SyntaxFactory.ParseName("global::System.Text.Json.Serialization.JsonSerializable"),
                SyntaxFactory.ParseAttributeArgumentList($"(typeof({messageType}))"))))
            .WithAdditionalAnnotations(Simplifier.Annotation);
        // After the context's last [JsonSerializable], or first when it has none, on its own line like the others.
        AttributeListSyntax? last = declaration.AttributeLists.LastOrDefault();
        ClassDeclarationSyntax updated = last is null
            ? declaration.WithAttributeLists(SyntaxFactory.SingletonList(serializable.WithTrailingTrivia(SyntaxFactory.EndOfLine("\n")))).WithLeadingTrivia(declaration.GetLeadingTrivia())
            : declaration.WithAttributeLists(declaration.AttributeLists.Insert(declaration.AttributeLists.IndexOf(last) + 1, serializable.WithLeadingTrivia(Indentation(last)).WithTrailingTrivia(last.GetTrailingTrivia())));
        SyntaxNode root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) ?? declaration.SyntaxTree.GetRoot(cancellationToken);
        Document changed = document.WithSyntaxRoot(root.ReplaceNode(declaration, updated));
        return (await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false)).Project.Solution;
    }
}
