using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Parsing;

/// <summary>Reads what every contract interface shares: names, namespace, accessibility and its own [JsonContext].</summary>
internal static class ContractReader
{
    public static ContractInfo Read(INamedTypeSymbol contract)
    {
        AttributeData? context = AttributeReader.Find(contract, "JsonContextAttribute");
        string? contextName = AttributeReader.Constructor(context, 0) is ITypeSymbol type ? AttributeReader.FullName(type) : null;
        string ns = contract.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : string.Empty;
        return new ContractInfo(AttributeReader.FullName(contract), contract.Name, ns, contract.DeclaredAccessibility == Accessibility.Public, contextName);
    }
}
