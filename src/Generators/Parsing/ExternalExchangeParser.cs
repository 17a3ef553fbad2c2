using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Parsing;

/// <summary>Reads the assembly's [ExternalExchange] attributes.</summary>
internal static class ExternalExchangeParser
{
    public static EquatableArray<ExternalExchangeModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.TargetSymbol is not IAssemblySymbol
            ? EquatableArray<ExternalExchangeModel>.Empty
            : context.Attributes
            .Select(a => new ExternalExchangeModel(
                AttributeReader.Constructor(a, 0) as string ?? string.Empty,
                AttributeReader.ExchangeKindName(AttributeReader.Constructor(a, 1) is int kind ? kind : 2, null),
                LocationInfo.From(a)))
            .ToEquatableArray();
}
