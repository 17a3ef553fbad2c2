using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Parsing;

/// <summary>Reads a [JsonContext] (assembly-wide or on one contract) and the types its context registers.</summary>
internal static class JsonContextParser
{
    public static JsonContextModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        string? scope = context.TargetSymbol is INamedTypeSymbol contract ? AttributeReader.FullName(contract) : null;
        if (AttributeReader.Constructor(context.Attributes[0], 0) is not INamedTypeSymbol contextType) return null;

        EquatableArray<string> types = contextType.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonSerializableAttribute")
            .Select(a => AttributeReader.Constructor(a, 0) as ITypeSymbol)
            .Where(t => t is not null)
            .Select(t => AttributeReader.FullName(t!))
            .ToEquatableArray();
        string? problem = !DerivesFromContext(contextType)
            ? "it is not a System.Text.Json.Serialization.JsonSerializerContext; name the partial class that derives from one"
            : !ReturnTypes.IsAccessible(contextType)
                ? "it is private or protected, so generated code cannot use it; make it internal or public"
                : null;
        return new JsonContextModel(scope, AttributeReader.FullName(contextType), types, problem, LocationInfo.From(context.Attributes[0]));
    }

    private static bool DerivesFromContext(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == "System.Text.Json.Serialization.JsonSerializerContext") return true;
        }

        return false;
    }
}
