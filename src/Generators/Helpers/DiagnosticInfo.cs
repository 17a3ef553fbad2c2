using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedAmqp.Generators.Helpers;

/// <summary>A diagnostic as an equatable value (descriptor, location, message arguments), reported in its own step.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] messageArgs) =>
        new(descriptor, location, messageArgs.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), MessageArgs.Select(argument => (object)argument).ToArray());
}
