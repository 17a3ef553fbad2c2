using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.CodeFixes;

/// <summary>The syntax edits the fixes share: finding the attribute a diagnostic points at, and removing parts of it.</summary>
internal static class AttributeEdits
{
    /// <summary>The attribute at the diagnostic's span (TypedAmqp reports attribute problems at the attribute).</summary>
    public static AttributeSyntax? AttributeAt(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span) =>
        root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault();

    /// <summary>The attribute's simple name without the Attribute suffix: Queue for [TypedAmqp.QueueAttribute(...)].</summary>
    public static string Name(AttributeSyntax attribute)
    {
        string name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => attribute.Name.ToString(),
        };
        return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    public static AttributeArgumentSyntax? Named(AttributeSyntax attribute, string name) =>
        attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

    public static AttributeArgumentSyntax? Positional(AttributeSyntax attribute, int index)
    {
        AttributeArgumentSyntax[] positional = attribute.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToArray() ?? [];
        return index < positional.Length ? positional[index] : null;
    }

    public static string? StringValue(AttributeArgumentSyntax? argument) =>
        argument?.Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;

    /// <summary>Removes named arguments, keeping the attribute's other arguments and their layout.</summary>
    public static AttributeSyntax WithoutArguments(AttributeSyntax attribute, params AttributeArgumentSyntax[] arguments) =>
        attribute.WithArgumentList(attribute.ArgumentList!.WithArguments(SyntaxFactory.SeparatedList(attribute.ArgumentList.Arguments.Where(a => !arguments.Contains(a)))));

    /// <summary>Removes the attribute, and its brackets when it was alone in them.</summary>
    public static SyntaxNode RemoveAttribute(SyntaxNode root, AttributeSyntax attribute)
    {
        if (attribute.Parent is AttributeListSyntax list && list.Attributes.Count == 1)
        {
            // Its line goes with it; comments written above it stay.
            bool commented = list.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
            return root.RemoveNode(list, commented ? SyntaxRemoveOptions.KeepLeadingTrivia : SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        return root.RemoveNode(attribute, SyntaxRemoveOptions.KeepNoTrivia)!;
    }

    /// <summary>Whether a named bool argument is written as the given literal, such as Durable = false.</summary>
    public static bool IsBool(AttributeArgumentSyntax? argument, bool value) =>
        argument?.Expression is LiteralExpressionSyntax literal && literal.IsKind(value ? SyntaxKind.TrueLiteralExpression : SyntaxKind.FalseLiteralExpression);
}
