using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Parsing;

/// <summary>
/// Reads what every contract interface shares (names, namespace, accessibility, its own [JsonContext]) and checks
/// that a class can be generated for it at all.
/// </summary>
internal static class ContractReader
{
    public static ContractInfo Read(INamedTypeSymbol contract)
    {
        AttributeData? context = AttributeReader.Find(contract, "JsonContextAttribute");
        string? contextName = AttributeReader.Constructor(context, 0) is ITypeSymbol type ? AttributeReader.FullName(type) : null;
        return new ContractInfo(
            AttributeReader.FullName(contract), SymbolNames.Display(contract), SymbolNames.Namespace(contract), GeneratedBaseName(contract),
            EffectiveAccessibility(contract) == Accessibility.Public, contextName);
    }

    /// <summary>
    /// Reports why no type can be generated for <paramref name="contract"/> (generic, not reachable from a generated
    /// top-level class, or its generated names already taken); returns false then.
    /// </summary>
    public static bool CanGenerate(
        INamedTypeSymbol contract, ContractInfo info, Compilation compilation, IEnumerable<string> generatedClasses, ContractMethodReader.Wording wording, List<DiagnosticInfo> diagnostics)
    {
        LocationInfo? location = LocationOf(contract);

        // An interface with static abstract members cannot be a type argument, which every generated class needs.
        ISymbol[] staticAbstract = ContractMembers.All(contract).Where(m => m.IsStatic && m.IsAbstract).ToArray();
        foreach (ISymbol member in staticAbstract)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                wording.Descriptor, ContractMethodReader.LocationOf(contract, member), ContractMethodReader.OwnerName(contract, member), member.Name,
                "static abstract members make the interface unusable as a type argument, so no publisher or dispatcher can be generated; give it a default body or move it to another interface"));
        }

        if (staticAbstract.Length > 0) return false;
        if (contract.IsGenericType || contract.ContainingType is { } outer && IsInGenericType(outer))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericContract, location, info.DisplayName));
            return false;
        }

        if (contract.IsFileLocal || EffectiveAccessibility(contract) is not (Accessibility.Public or Accessibility.Internal))
        {
            string why = contract.IsFileLocal ? "it is file-local" : "it (or a type it is nested in) is private or protected";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InaccessibleContract, location, info.DisplayName, why));
            return false;
        }

        foreach (string generated in generatedClasses)
        {
            // Only this project's own types can clash with a type generated into it (and looking only there is cheap).
            if (compilation.Assembly.GetTypeByMetadataName(info.MetadataName(generated)) is not null || IsNamespace(compilation.Assembly.GlobalNamespace, info.MetadataName(generated)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameTaken, location, info.DisplayName, info.MetadataName(generated)));
                return false;
            }
        }

        return true;
    }

    /// <summary>The contract's name in source; diagnostics about the whole contract point there.</summary>
    public static LocationInfo? LocationOf(ISymbol symbol) => LocationInfo.From(symbol.Locations.FirstOrDefault(l => l.IsInSource));

    /// <summary>Public only when the type and every type it is nested in are public.</summary>
    public static Accessibility EffectiveAccessibility(INamedTypeSymbol type)
    {
        Accessibility result = Accessibility.Public;
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            Accessibility own = current.DeclaredAccessibility;
            if (own == Accessibility.ProtectedOrInternal) own = Accessibility.Internal; // reachable from the whole assembly
            if (own < result) result = own;
        }

        return result;
    }

    private static bool IsNamespace(INamespaceSymbol global, string fullName)
    {
        INamespaceSymbol? current = global;
        foreach (string part in fullName.Split('.'))
        {
            current = current?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
            if (current is null) return false;
        }

        return true;
    }

    private static bool IsInGenericType(INamedTypeSymbol type) => type.IsGenericType || type.ContainingType is { } outer && IsInGenericType(outer);

    private static string GeneratedBaseName(INamedTypeSymbol contract)
    {
        string name = contract.Name;
        string baseName = name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) ? name.Substring(1) : name;
        return contract.ContainingType is { } outer ? ContainingPrefix(outer) + "_" + baseName : baseName;
    }

    private static string ContainingPrefix(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? ContainingPrefix(outer) + "_" + type.Name : type.Name;
}
