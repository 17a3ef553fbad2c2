using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Parsing;

/// <summary>Reads [assembly: TargetBroker("…")]: the version text and where it is written.</summary>
internal static class BrokerTargetParser
{
    public static (string? Text, LocationInfo? Location) Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.Attributes.Length == 0
            ? (null, null)
            : (AttributeReader.Constructor(context.Attributes[0], 0) as string ?? string.Empty, LocationInfo.From(context.Attributes[0]));

    /// <summary>The attribute wins over the MSBuild property; an unreadable version is reported and the default used.</summary>
    public static (BrokerTarget Target, DiagnosticInfo? Problem) Resolve(ImmutableArray<(string? Text, LocationInfo? Location)> attributes, string? property)
    {
        (string? text, LocationInfo? location) = attributes.IsDefaultOrEmpty ? (property, null) : attributes[0];
        if (text is null) return (BrokerTarget.Default, null);
        return BrokerTarget.Parse(text, location) is { } target
            ? (target, null)
            : (BrokerTarget.Default, DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTargetBroker, location, text));
    }
}
