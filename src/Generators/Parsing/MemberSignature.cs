using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Parsing;

/// <summary>
/// Writes the explicit-implementation header of an interface member, such as
/// <c>global::System.Threading.Tasks.ValueTask global::Shop.IOrderEvents.Created(global::Shop.OrderCreated message)</c>.
/// </summary>
internal static class MemberSignature
{
    public static string Method(IMethodSymbol method)
    {
        string typeParameters = method.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", method.TypeParameters.Select(t => Identifier.Escape(t.Name))) + ">";
        return $"{Static(method)}{RefPrefix(method.RefKind)}{SymbolNames.Type(method.ReturnType)} {Owner(method)}.{Identifier.Escape(method.Name)}{typeParameters}({Parameters(method.Parameters)})";
    }

    /// <summary>A throwing explicit implementation of a member that cannot be generated, so the only error is the TAMQP one.</summary>
    public static string? ThrowingStub(ISymbol member, string reason)
    {
        string body = $"throw new global::System.NotSupportedException({CSharpLiteral.String(reason)})";
        switch (member)
        {
            case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                return $"{Method(method)} => {body};";
            case IPropertySymbol property:
                string name = property.IsIndexer ? $"this[{Parameters(property.Parameters)}]" : Identifier.Escape(property.Name);
                var accessors = new List<string>();
                if (property.GetMethod is not null) accessors.Add($"get => {body};");
                if (property.SetMethod is not null) accessors.Add($"{(property.SetMethod.IsInitOnly ? "init" : "set")} => {body};");
                return $"{Static(property)}{RefPrefix(property.RefKind)}{SymbolNames.Type(property.Type)} {Owner(property)}.{name} {{ {string.Join(" ", accessors)} }}";
            case IEventSymbol @event:
                return $"{Static(@event)}event {SymbolNames.Type(@event.Type)} {Owner(@event)}.{Identifier.Escape(@event.Name)} {{ add => {body}; remove => {body}; }}";
            default:
                return null;
        }
    }

    private static string Owner(ISymbol member) => SymbolNames.Type(member.ContainingType);

    private static string Static(ISymbol member) => member.IsStatic ? "static " : string.Empty;

    private static string RefPrefix(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.RefReadOnly => "ref readonly ",
        _ => string.Empty,
    };

    private static string Parameters(IEnumerable<IParameterSymbol> parameters) =>
        string.Join(", ", parameters.Select(p => $"{ParameterModifier(p)}{SymbolNames.Type(p.Type)} {Identifier.Escape(p.Name)}"));

    private static string ParameterModifier(IParameterSymbol parameter) => parameter.RefKind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        RefKind.RefReadOnlyParameter => "ref readonly ",
        _ => parameter.IsParams ? "params " : string.Empty,
    };
}
