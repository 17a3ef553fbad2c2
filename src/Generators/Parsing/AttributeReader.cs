using System.Collections.Generic;
using TypedAmqp.Generators.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Parsing;

/// <summary>Reads constructor and named arguments of TypedAmqp's attributes.</summary>
internal static class AttributeReader
{
    public const string Namespace = "TypedAmqp";

    public static AttributeData? Find(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().FirstOrDefault(a => IsAttribute(a, metadataName));

    public static IEnumerable<AttributeData> FindAll(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().Where(a => IsAttribute(a, metadataName));

    public static bool IsAttribute(AttributeData attribute, string metadataName) =>
        attribute.AttributeClass?.ToDisplayString() == Namespace + "." + metadataName;

    public static T Named<T>(AttributeData attribute, string name, T defaultValue)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is T value) return value;
        }

        return defaultValue;
    }

    public static string[] NamedStrings(AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Kind == TypedConstantKind.Array)
            {
                if (argument.Value.IsNull) return []; // Headers = null
                return argument.Value.Values.Select(v => v.Value as string ?? string.Empty).ToArray();
            }
        }

        return [];
    }

    public static object? Constructor(AttributeData? attribute, int index) =>
        attribute is not null && index < attribute.ConstructorArguments.Length ? attribute.ConstructorArguments[index].Value : null;

    /// <summary>The [Argument(name, value)] attributes of a contract, with their values' kinds and locations.</summary>
    public static List<ArgumentModel> FreeFormArguments(ISymbol symbol, string entity, string entityName, List<DiagnosticInfo> diagnostics)
    {
        var arguments = new List<ArgumentModel>();
        foreach (AttributeData argument in FindAll(symbol, "ArgumentAttribute"))
        {
            LocationInfo? location = LocationInfo.From(argument);
            TypedConstant value = argument.ConstructorArguments.Length > 1 ? argument.ConstructorArguments[1] : default;
            if (Constructor(argument, 0) is not string { Length: > 0 } name)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgumentValue, location, "(no name)", entity, entityName, "an argument needs a name, such as \"x-message-ttl\""));
                continue;
            }

            if (value.Kind == TypedConstantKind.Array)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgumentValue, location, name, entity, entityName, "arrays cannot be written into [Argument]; use a string, number or bool"));
                continue;
            }

            arguments.Add(new ArgumentModel(name, Literal(value), KindOf(value), Text(value), ArgumentModel.FreeForm, location));
        }

        return arguments;
    }

    public static string Literal(TypedConstant constant)
    {
        if (constant.Kind == TypedConstantKind.Array) return "null";
        return constant.Value switch
        {
            null => "null",
            string s => CSharpLiteral.String(s),
            bool b => CSharpLiteral.Bool(b),
            int i => i.ToString(CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            short s => "(short)" + s.ToString(CultureInfo.InvariantCulture),
            byte b => "(byte)" + b.ToString(CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
            _ => CSharpLiteral.String(constant.Value.ToString()),
        };
    }

    private static ArgumentValueKind KindOf(TypedConstant constant) =>
        constant.Kind == TypedConstantKind.Array ? ArgumentValueKind.Other : constant.Value switch
        {
            null => ArgumentValueKind.Null,
            string => ArgumentValueKind.String,
            bool => ArgumentValueKind.Boolean,
            int or long or short or byte => ArgumentValueKind.Integer,
            double or float => ArgumentValueKind.Float,
            // Other values (uint, char, enums…) are written as strings by Literal.
            _ => ArgumentValueKind.String,
        };

    private static string Text(TypedConstant constant) =>
        constant.Kind == TypedConstantKind.Array || constant.Value is null ? string.Empty
        : constant.Value is bool b ? CSharpLiteral.Bool(b)
        : System.Convert.ToString(constant.Value, CultureInfo.InvariantCulture) ?? string.Empty;

    public static string ExchangeKindName(int kind, string? customType) => kind switch
    {
        0 => "direct",
        1 => "fanout",
        2 => "topic",
        3 => "headers",
        _ => customType ?? string.Empty,
    };

    public static string FullName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
}
