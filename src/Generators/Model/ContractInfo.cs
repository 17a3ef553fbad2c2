namespace TypedAmqp.Generators.Model;

/// <summary>Where a contract interface lives and what generated types for it are called.</summary>
/// <param name="InterfaceFullName">global::-qualified interface name.</param>
/// <param name="InterfaceName">The interface's simple name, such as IOrderEvents.</param>
/// <param name="Namespace">The namespace, or "" for the global namespace.</param>
/// <param name="IsPublic">Whether the interface (and so the generated class) is public.</param>
/// <param name="JsonContextFullName">global::-qualified JsonSerializerContext named on the interface, or null to use the assembly's.</param>
internal sealed record ContractInfo(string InterfaceFullName, string InterfaceName, string Namespace, bool IsPublic, string? JsonContextFullName)
{
    /// <summary>The interface name without its leading "I", as a base for generated names.</summary>
    public string BaseName => InterfaceName.Length > 1 && InterfaceName[0] == 'I' && char.IsUpper(InterfaceName[1]) ? InterfaceName.Substring(1) : InterfaceName;
}
