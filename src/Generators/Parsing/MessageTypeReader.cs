using System.Linq;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Parsing;

/// <summary>Reads a message type: its names and where it is declared.</summary>
internal static class MessageTypeReader
{
    public static MessageTypeModel Read(ITypeSymbol type)
    {
        AttributeData? attribute = AttributeReader.Find(type, "MessageTypeAttribute");
        string wireName = AttributeReader.Constructor(attribute, 0) as string ?? DefaultWireName(type);
        LocationInfo? location = attribute is not null ? LocationInfo.From(attribute) : LocationInfo.From(type.Locations.FirstOrDefault(l => l.IsInSource));
        return new MessageTypeModel(AttributeReader.FullName(type), type.Name, wireName, location);
    }

    /// <summary>The documented default: the namespace-qualified type name, without assembly or global:: prefix.</summary>
    public static string DefaultWireName(ITypeSymbol type) =>
        type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted));

    /// <summary>Finds a public instance property or field by name, looking through base types.</summary>
    public static ITypeSymbol? FindMemberType(ITypeSymbol type, string name)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers(name))
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public) continue;
                if (member is IPropertySymbol { GetMethod: not null } property) return property.Type;
                if (member is IFieldSymbol field) return field.Type;
            }
        }

        return null;
    }

    public static PlaceholderFormat FormatOf(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String) return PlaceholderFormat.String;
        if (type.TypeKind == TypeKind.Enum) return PlaceholderFormat.Enum;
        if (type.AllInterfaces.Any(i => i.ToDisplayString() == "System.IUtf8SpanFormattable")) return PlaceholderFormat.Formattable;
        return PlaceholderFormat.None;
    }
}
