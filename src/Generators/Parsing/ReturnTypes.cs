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

    public static bool IsMessageType(ITypeSymbol type) =>
        type.TypeKind is TypeKind.Class or TypeKind.Struct && type.SpecialType == SpecialType.None && type is not INamedTypeSymbol { IsGenericType: true };
}
