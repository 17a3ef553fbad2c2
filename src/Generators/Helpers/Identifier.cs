using Microsoft.CodeAnalysis.CSharp;

namespace TypedAmqp.Generators.Helpers;

/// <summary>Writes user identifiers into generated code, so a member called <c>@class</c> stays <c>@class</c>.</summary>
internal static class Identifier
{
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
