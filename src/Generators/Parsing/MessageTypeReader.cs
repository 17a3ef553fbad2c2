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
                if (member is IPropertySymbol property)
                {
                    // The generated publisher reads it, so the getter itself must be public too.
                    if (property.GetMethod is { DeclaredAccessibility: Accessibility.Public } && !property.IsIndexer) return property.Type;
                    continue;
                }

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

    /// <summary>
    /// Whether the invariant text of a formattable placeholder can contain '.': true unless the type is one whose
    /// default format never does (integers, Guid, bool, dates and times of day, enums).
    /// </summary>
    public static bool MayContainDot(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum) return false;
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_DateTime:
                return false;
        }

        return type.ToDisplayString() is not ("System.Guid" or "System.DateTimeOffset" or "System.DateOnly" or "System.TimeOnly" or "System.Int128" or "System.UInt128");
    }
}
