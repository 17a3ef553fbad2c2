using System.Threading;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Parsing;

/// <summary>Finds [Consumer] on an interface without [Queue], which would otherwise be ignored without a word.</summary>
internal static class ConsumerPlacementParser
{
    public static DiagnosticInfo? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol contract || AttributeReader.Find(contract, "QueueAttribute") is not null) return null;
        return DiagnosticInfo.Create(DiagnosticDescriptors.ConsumerWithoutQueue, LocationInfo.From(context.Attributes[0]), SymbolNames.Display(contract));
    }
}
