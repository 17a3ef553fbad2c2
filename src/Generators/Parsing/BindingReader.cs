using System.Linq;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Parsing;

/// <summary>Reads [Binding] and [ExchangeBinding] attributes; bindings by contract type take the exchange's name and kind from its [Exchange].</summary>
internal static class BindingReader
{
    public static BindingModel? Read(AttributeData attribute, string owner, System.Collections.Generic.List<DiagnosticInfo> diagnostics)
    {
        object? target = AttributeReader.Constructor(attribute, 0);
        string routingKey = AttributeReader.Constructor(attribute, 1) as string ?? string.Empty;
        string[] headers = AttributeReader.NamedStrings(attribute, "Headers");
        string match = AttributeReader.Named(attribute, "HeaderMatch", 0) switch { 0 => "all", 1 => "any", 2 => "all-with-x", 3 => "any-with-x", int other => "unknown " + other };
        LocationInfo? location = LocationInfo.From(attribute);

        if (target is INamedTypeSymbol contract)
        {
            AttributeData? exchange = AttributeReader.Find(contract, "ExchangeAttribute");
            if (exchange is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.BindingToNonExchange, location, owner, $"typeof({SymbolNames.Display(contract)}), a type without [Exchange]"));
                return null;
            }

            string name = AttributeReader.Constructor(exchange, 0) as string ?? string.Empty;
            int kind = AttributeReader.Constructor(exchange, 1) is int k ? k : 2;
            string kindName = AttributeReader.ExchangeKindName(kind, AttributeReader.Named<string?>(exchange, "CustomType", null));
            return new BindingModel(name, kindName, BoundByType: true, routingKey, headers.ToEquatableArray(), match, location);
        }

        if (target is string exchangeName)
        {
            return new BindingModel(exchangeName, null, BoundByType: false, routingKey, headers.ToEquatableArray(), match, location);
        }

        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.BindingToNonExchange, location, owner, target is null ? "null" : target.ToString()));
        return null;
    }

    public static EquatableArray<BindingModel> ReadAll(ISymbol contract, string attributeName, string owner, System.Collections.Generic.List<DiagnosticInfo> diagnostics) =>
        AttributeReader.FindAll(contract, attributeName)
            .Select(a => Read(a, owner, diagnostics))
            .Where(b => b is not null)
            .Select(b => b!)
            .ToEquatableArray();
}
