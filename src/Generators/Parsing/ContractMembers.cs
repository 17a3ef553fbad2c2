using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedAmqp.Generators.Parsing;

/// <summary>The members a generated class must answer for: the contract's own, then those of every interface it extends.</summary>
internal static class ContractMembers
{
    public static IEnumerable<ISymbol> All(INamedTypeSymbol contract) =>
        contract.GetMembers().Concat(contract.AllInterfaces.SelectMany(baseInterface => baseInterface.GetMembers()));

    /// <summary>Members a class implementing the interface has to provide (abstract, not given a default body).</summary>
    public static bool MustBeImplemented(ISymbol member) =>
        member.IsAbstract && member is IMethodSymbol { MethodKind: MethodKind.Ordinary } or IPropertySymbol or IEventSymbol;
}
