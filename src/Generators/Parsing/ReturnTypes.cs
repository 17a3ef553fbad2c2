using Microsoft.CodeAnalysis;

namespace TypedAmqp.Generators.Parsing;

/// <summary>Reads the return types contracts may use: ValueTask or Task, and ValueTask&lt;T&gt; or Task&lt;T&gt; for requests.</summary>
internal static class ReturnTypes
{
    public static bool TryRead(ITypeSymbol returnType, out bool returnsTask, out ITypeSymbol? response)
    {
        response = null;
        string name = returnType is INamedTypeSymbol { IsGenericType: true } generic ? generic.ConstructedFrom.ToDisplayString() : returnType.ToDisplayString();
        returnsTask = name is "System.Threading.Tasks.Task" or "System.Threading.Tasks.Task<TResult>";
        if (name is "System.Threading.Tasks.ValueTask<TResult>" or "System.Threading.Tasks.Task<TResult>")
        {
            response = ((INamedTypeSymbol)returnType).TypeArguments[0];
            return true;
        }

        return name is "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.Task";
    }

    /// <summary>
    /// A non-generic class, record or struct of the user's (not a built-in, framework or TypedAmqp type such as
    /// CancellationToken or MessageContext, not a ref struct, not nested in a generic type).
    /// </summary>
    public static bool IsMessageType(ITypeSymbol type) =>
        type.TypeKind is TypeKind.Class or TypeKind.Struct && type.SpecialType == SpecialType.None && !type.IsRefLikeType
        && type is INamedTypeSymbol named && !InGeneric(named) && !IsInfrastructure(named);

    private static bool IsInfrastructure(INamedTypeSymbol type)
    {
        string ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        string assembly = type.ContainingAssembly?.Name ?? string.Empty;
        return ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft.", System.StringComparison.Ordinal)
            || assembly is "TypedAmqp" or "TypedAmqp.Attributes" or "TypedAmqp.Hosting";
    }

    /// <summary>Whether code generated at namespace level can name the type.</summary>
    public static bool IsAccessible(ITypeSymbol type) =>
        type is not INamedTypeSymbol named || !named.IsFileLocal && ContractReader.EffectiveAccessibility(named) is Accessibility.Public or Accessibility.Internal;

    private static bool InGeneric(INamedTypeSymbol type) => type.IsGenericType || type.ContainingType is { } outer && InGeneric(outer);
}
