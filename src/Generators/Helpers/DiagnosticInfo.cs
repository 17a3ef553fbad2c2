using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedAmqp.Generators.Helpers;

/// <summary>
/// A diagnostic as an equatable value (descriptor, location, message arguments, and "key=value" properties for
/// code fixes), reported in its own step.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    public EquatableArray<string> Properties { get; init; } = EquatableArray<string>.Empty;

    /// <summary>A copy carrying one more property, which code fixes read from <see cref="Diagnostic.Properties"/>.</summary>
    public DiagnosticInfo With(string key, string value) => this with { Properties = Properties.Append(key + "=" + value).ToEquatableArray() };

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] messageArgs) =>
        new(descriptor, location, messageArgs.ToEquatableArray());

    /// <summary>
    /// The diagnostic, located in its syntax tree when <paramref name="trees"/> has it: only a location inside a tree
    /// lets #pragma, [SuppressMessage] and .editorconfig severities apply, as they do to any analyzer.
    /// </summary>
    public Diagnostic ToDiagnostic(IReadOnlyDictionary<string, SyntaxTree>? trees)
    {
        Location? location = null;
        if (Location is not null)
        {
            location = trees is not null && trees.TryGetValue(Location.FilePath, out SyntaxTree? tree) && Location.Span.End <= tree.Length
                ? Microsoft.CodeAnalysis.Location.Create(tree, Location.Span)
                : Location.ToLocation();
        }

        ImmutableDictionary<string, string?> properties = Properties
            .Select(p => p.Split(['='], 2))
            .ToImmutableDictionary(p => p[0], p => (string?)p[1]);
        return Diagnostic.Create(Descriptor, location, properties, MessageArgs.Select(argument => (object)argument).ToArray());
    }
}
