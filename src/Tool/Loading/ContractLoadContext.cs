using System.Reflection;
using System.Runtime.Loader;

namespace TypedAmqp.Tool.Loading;

/// <summary>
/// Loads a user's built assembly with its dependencies from its own folder (through its .deps.json where there is
/// one), except the assemblies the tool ships itself: those come from the tool, so the TopologyDescription the
/// generated code builds is the very type the tool reads.
/// </summary>
internal sealed class ContractLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _folder;

    public ContractLoadContext(string assemblyPath)
        : base("typedamqp contracts")
    {
        _resolver = new AssemblyDependencyResolver(assemblyPath);
        _folder = Path.GetDirectoryName(assemblyPath)!;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, assemblyName.Name + ".dll"))) return null;
        string? path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            // Without a .deps.json (a library's bin folder) the resolver knows nothing; the folder itself may.
            string candidate = Path.Combine(_folder, assemblyName.Name + ".dll");
            if (File.Exists(candidate)) path = candidate;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
