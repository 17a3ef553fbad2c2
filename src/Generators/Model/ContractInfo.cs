namespace TypedAmqp.Generators.Model;

/// <summary>Where a contract interface lives and what the types generated for it are called.</summary>
/// <param name="InterfaceFullName">global::-qualified interface name.</param>
/// <param name="DisplayName">The interface's name with its containing types, such as Outer.IOrderEvents, for messages.</param>
/// <param name="Namespace">The namespace as written in generated code, or "" for the global namespace.</param>
/// <param name="GeneratedBaseName">
/// The start of every generated type's name: the interface name without its leading "I", after its containing
/// types' names (Outer_OrderEvents), so two nested contracts of one name do not collide.
/// </param>
/// <param name="IsPublic">Whether the interface is visible outside the assembly (and so the generated types are public).</param>
/// <param name="JsonContextFullName">global::-qualified JsonSerializerContext named on the interface, or null to use the assembly's.</param>
internal sealed record ContractInfo(string InterfaceFullName, string DisplayName, string Namespace, string GeneratedBaseName, bool IsPublic, string? JsonContextFullName)
{
    public string PublisherClass => GeneratedBaseName + "Publisher";

    public string DispatcherClass => GeneratedBaseName + "Dispatcher";

    /// <summary>The generated type's name with its namespace, without global::, as hint names and lookups use it.</summary>
    public string MetadataName(string className) => Namespace.Length == 0 ? className : Namespace.Replace("@", string.Empty) + "." + className;

    /// <summary>The global::-qualified name of a generated class that lives beside its contract.</summary>
    public string Qualified(string className) => Namespace.Length == 0 ? "global::" + className : $"global::{Namespace}.{className}";
}
