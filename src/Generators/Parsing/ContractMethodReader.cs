using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Parsing;

/// <summary>The checks publisher methods and handlers share: a non-generic abstract method with an allowed return type and a message parameter.</summary>
internal static class ContractMethodReader
{
    /// <summary>What a contract member turned out to be, once its shape passed the shared checks.</summary>
    public readonly struct ContractMethod(IMethodSymbol method, bool returnsTask, ITypeSymbol? response, LocationInfo? location)
    {
        public IMethodSymbol Method { get; } = method;
        public bool ReturnsTask { get; } = returnsTask;
        public ITypeSymbol? Response { get; } = response;
        public LocationInfo? Location { get; } = location;
    }

    /// <summary>The wording of the problems, which differs between publishers and consumers.</summary>
    public sealed record Wording(DiagnosticDescriptor Descriptor, string OnlyMethods, string NoGenerics, string ReturnTypes, string NoParameters);

    public static readonly Wording Publisher = new(
        Diagnostics.DiagnosticDescriptors.InvalidPublisherMethod,
        "publisher contracts may only contain methods",
        "generic methods cannot be implemented; declare one method per message type",
        "a publisher method returns ValueTask or Task (completing when the broker confirms), or ValueTask<TResponse> for a request",
        "has no message parameter; the first parameter is the message to publish");

    public static readonly Wording Handler = new(
        Diagnostics.DiagnosticDescriptors.InvalidHandlerMethod,
        "consumer contracts may only contain handler methods",
        "generic handlers cannot be dispatched to; declare one method per message type",
        "handlers return ValueTask or Task so the message is acked when they complete, or ValueTask<TResponse> to answer a request",
        "has no message parameter");

    /// <summary>Where a diagnostic about <paramref name="member"/> goes: the member in source, else (inherited from metadata) the contract.</summary>
    public static LocationInfo? LocationOf(INamedTypeSymbol contract, ISymbol member) =>
        ContractReader.LocationOf(member) ?? ContractReader.LocationOf(contract);

    /// <summary>"Outer.IOrderEvents.Created", or with the base interface named when the member is inherited.</summary>
    public static string OwnerName(INamedTypeSymbol contract, ISymbol member) =>
        SymbolEqualityComparer.Default.Equals(member.ContainingType, contract)
            ? SymbolNames.Display(contract)
            : $"{SymbolNames.Display(contract)} (inherited from {SymbolNames.Display(member.ContainingType)})";

    /// <summary>
    /// Reads a contract member; returns false (with a diagnostic where the member is wrong rather than just not a
    /// contract method, such as a non-abstract helper with a default body) when it cannot be used.
    /// </summary>
    public static bool TryRead(INamedTypeSymbol contract, ISymbol member, Wording wording, List<DiagnosticInfo> diagnostics, out ContractMethod result)
    {
        result = default;
        LocationInfo? location = LocationOf(contract, member);
        void Fail(string problem) => diagnostics.Add(DiagnosticInfo.Create(wording.Descriptor, location, OwnerName(contract, member), member.Name, problem));

        if (member is not IMethodSymbol method)
        {
            if (member is IPropertySymbol or IEventSymbol && ContractMembers.MustBeImplemented(contract, member)) Fail(wording.OnlyMethods);
            return false;
        }

        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || !ContractMembers.MustBeImplemented(contract, method)) return false;

        if (method.IsGenericMethod)
        {
            Fail(wording.NoGenerics);
            return false;
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly || !ReturnTypes.TryRead(method.ReturnType, out bool returnsTask, out ITypeSymbol? response))
        {
            Fail($"returns {method.ReturnType.ToDisplayString()}; {wording.ReturnTypes}");
            return false;
        }

        if (response is not null && !ReturnTypes.IsMessageType(response))
        {
            Fail($"its response type {response.ToDisplayString()} is not a message type (a non-generic class, record or struct of your own)");
            return false;
        }

        if (response is not null && response.NullableAnnotation == NullableAnnotation.Annotated)
        {
            Fail($"its response type {response.ToDisplayString()} is nullable; a reply is always a message, so return {response.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString()}");
            return false;
        }

        if (response is not null && !ReturnTypes.IsAccessible(response))
        {
            Fail($"its response type {response.ToDisplayString()} is private or protected, so generated code cannot use it");
            return false;
        }

        if (method.Parameters.Length == 0)
        {
            Fail(wording.NoParameters);
            return false;
        }

        IParameterSymbol message = method.Parameters[0];
        if (message.RefKind != RefKind.None)
        {
            Fail($"its message parameter '{message.Name}' is passed as '{RefKeyword(message.RefKind)}'; messages are passed by value");
            return false;
        }

        result = new ContractMethod(method, returnsTask, response, location);
        return true;
    }

    /// <summary>The checks both kinds of contract make on the message type itself.</summary>
    public static string? MessageTypeProblem(ITypeSymbol messageType)
    {
        if (!ReturnTypes.IsMessageType(messageType))
        {
            return $"its message parameter is of type {messageType.ToDisplayString()}; messages are non-generic classes, records or structs of your own (not ref structs, framework or TypedAmqp types)";
        }

        return ReturnTypes.IsAccessible(messageType)
            ? null
            : $"its message type {messageType.ToDisplayString()} is private or protected, so generated code cannot use it";
    }

    private static string RefKeyword(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref",
        RefKind.Out => "out",
        RefKind.In => "in",
        RefKind.RefReadOnlyParameter => "ref readonly",
        _ => kind.ToString(),
    };
}
