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
        return new JsonContextModel(scope, AttributeReader.FullName(contextType), types);
    }
}
