using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedAmqp.Generators.Parsing;

/// <summary>The members a generated class must answer for: the contract's own, then those of every interface it extends.</summary>
internal static class ContractMembers
{
    public static IEnumerable<ISymbol> All(INamedTypeSymbol contract) =>
        contract.GetMembers().Concat(contract.AllInterfaces.SelectMany(baseInterface => baseInterface.GetMembers()));

    /// <summary>
    /// Members a class implementing the contract has to provide: abstract ones that no interface on the way gives a
    /// default body, and inherited ones that the contract re-abstracts (<c>abstract void IBase.M();</c>).
    /// </summary>
    public static bool MustBeImplemented(INamedTypeSymbol contract, ISymbol member)
    {
        if (member.IsStatic || member is not (IMethodSymbol { MethodKind: MethodKind.Ordinary } or IPropertySymbol or IEventSymbol)) return false;
        if (SymbolEqualityComparer.Default.Equals(member.ContainingType, contract)) return member.IsAbstract;
        ISymbol? implementation = contract.FindImplementationForInterfaceMember(member) ?? ExplicitImplementation(contract, member);
        return implementation is null ? member.IsAbstract : implementation.IsAbstract;
    }

    /// <summary>
    /// An interface's explicit implementation (a default body, or a re-abstraction) of a base member: the contract's
    /// own first, then its other base interfaces'.
    /// </summary>
    private static ISymbol? ExplicitImplementation(INamedTypeSymbol contract, ISymbol member) =>
        new[] { contract }.Concat(contract.AllInterfaces)
            .SelectMany(type => type.GetMembers())
            .FirstOrDefault(candidate => ExplicitTargets(candidate).Any(target => SymbolEqualityComparer.Default.Equals(target, member)));

    private static IEnumerable<ISymbol> ExplicitTargets(ISymbol candidate) => candidate switch
    {
        IMethodSymbol method => method.ExplicitInterfaceImplementations,
        IPropertySymbol property => property.ExplicitInterfaceImplementations,
        IEventSymbol @event => @event.ExplicitInterfaceImplementations,
        _ => [],
    };
}
