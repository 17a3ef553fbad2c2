using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.Tests.Architecture;

/// <summary>
/// The transports, AMQP 0-9-1 (<c>Amqp091/Protocol/</c>, the codec; <c>Amqp091/Client/</c>, connections, channels,
/// consumers, their recovery and the typed adapter <c>AmqpMessaging</c>) and AMQP 1.0 (<c>Amqp10/</c>), plug into a
/// transport-neutral core (<c>Messaging/</c>, with <c>Observability/</c>). Generated code must use only the core; the
/// core itself uses neither transport; the host only in its transport factories (files named <c>*TransportFactory.cs</c>). Checked on
/// the sources with Roslyn's semantic model: every name in the checked files is resolved, and one declared in a
/// transport folder is a use.
/// </summary>
public sealed class CoreSurfaceTests
{
    private static readonly string Runtime = Path.GetFullPath(
        typeof(CoreSurfaceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RuntimeSources").Value!);

    private static readonly string Repository = Path.GetFullPath(Path.Combine(Runtime, "..", ".."));

    private static readonly string[] TransportFolders = ["Amqp091", "Amqp10"];

    private static readonly CSharpParseOptions Parsing = new(LanguageVersion.Preview);

    /// <summary>The 0-9-1 transport's factory, which must make a <c>RecoveringMessaging</c>.</summary>
    private const string Amqp091TransportFactory = "AmqpTransportFactory.cs";

    /// <summary>How the host's transport factories are named: the only files of src/Hosting that may use a transport type.</summary>
    private const string TransportFactorySuffix = "TransportFactory.cs";

    [Fact]
    public void Generated_code_uses_no_AMQP_0_9_1_type()
    {
        string baselines = Path.Combine(Repository, "tests", "TypedAmqp.Generators.Tests", "Baselines");
        string[] files = Directory.GetFiles(baselines, "*.txt", SearchOption.AllDirectories);
        Assert.True(files.Length > 20, $"only {files.Length} generated files under {baselines}");

        (SortedSet<string> uses, int resolved) = TransportUses(files, baselines);

        Assert.True(resolved > 200, $"only {resolved} names in generated code resolved to runtime types: the check saw too little to mean anything");
        Assert.True(uses.Count == 0, "generated code must use only the transport-neutral core, but:\n" + string.Join("\n", uses));
    }

    [Fact]
    public void The_host_uses_transport_types_only_in_its_transport_factories()
    {
        string hosting = Path.Combine(Repository, "src", "Hosting");
        (SortedSet<string> uses, int resolved) = TransportUses(SourceFiles(hosting), hosting);

        Assert.True(resolved > 50, $"only {resolved} names in src/Hosting resolved to runtime types");
        string[] elsewhere = OutsideTransportFactories(uses);
        Assert.True(elsewhere.Length == 0, $"src/Hosting may use transport types only in its *{TransportFactorySuffix} files, but:\n" + string.Join("\n", elsewhere));
        Assert.Contains($"{Amqp091TransportFactory} uses TypedAmqp.Amqp091.RecoveringMessaging", uses);
        Assert.Contains("Amqp10TransportFactory.cs uses TypedAmqp.Amqp10.Amqp10MessagingTransport", uses);
    }

    [Fact]
    public void The_host_check_reports_a_transport_type_planted_outside_the_transport_factories()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"typedamqp-planted-host-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        string planted = Path.Combine(folder, "TypedAmqpHealthCheckHelper.cs");
        string factory = Path.Combine(folder, "PlantedTransportFactory.cs");
        File.WriteAllText(planted, "namespace Planted; internal static class Peek { public static bool Open(global::TypedAmqp.Amqp10.Amqp10MessagingTransport t) => t.Status.IsOpen; }");
        File.WriteAllText(factory, "namespace Planted; internal static class Make { public static object Of(global::TypedAmqp.Amqp10.Amqp10MessagingOptions o) => new global::TypedAmqp.Amqp10.Amqp10MessagingTransport(o); }");
        try
        {
            (SortedSet<string> uses, _) = TransportUses([planted, factory], folder);
            Assert.Equal(["TypedAmqpHealthCheckHelper.cs uses TypedAmqp.Amqp10.Amqp10MessagingTransport"], OutsideTransportFactories(uses));
            Assert.Contains("PlantedTransportFactory.cs uses TypedAmqp.Amqp10.Amqp10MessagingTransport", uses);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The uses made in files of the host that are not transport factories (top-level files named *TransportFactory.cs).</summary>
    private static string[] OutsideTransportFactories(IEnumerable<string> uses) =>
        [.. uses.Where(use => use[..use.IndexOf(" uses ", StringComparison.Ordinal)] is var file
            && (file.Contains(Path.DirectorySeparatorChar) || !file.EndsWith(TransportFactorySuffix, StringComparison.Ordinal)))];

    [Fact]
    public void The_core_uses_no_transport_type()
    {
        (SortedSet<string> uses, int resolved) = TransportUses([], Runtime, coreFolders: ["Messaging", "Observability"]);

        Assert.True(resolved > 500, $"only {resolved} names in the core resolved to runtime types");
        Assert.True(uses.Count == 0, "the core (Messaging/, Observability/) must use neither transport, but:\n" + string.Join("\n", uses));
    }

    [Fact]
    public void The_check_reports_a_0_9_1_type_planted_in_generated_code()
    {
        string planted = Path.Combine(Path.GetTempPath(), $"typedamqp-planted-{Guid.NewGuid():N}.txt");
        File.WriteAllText(planted, "namespace Planted; public static class Uses { public static ulong Tag(global::TypedAmqp.Amqp091.Delivery delivery) => delivery.DeliveryTag; }");
        try
        {
            (SortedSet<string> uses, _) = TransportUses([planted], Path.GetDirectoryName(planted)!);
            Assert.Contains($"{Path.GetFileName(planted)} uses TypedAmqp.Amqp091.Delivery", uses);
        }
        finally
        {
            File.Delete(planted);
        }
    }

    /// <summary>
    /// Every "file uses type" of a transport type, in <paramref name="files"/> (compiled together with the runtime)
    /// or, with <paramref name="coreFolders"/>, in the runtime's own files under those folders; and how many names resolved to runtime types.
    /// </summary>
    private static (SortedSet<string> Uses, int Resolved) TransportUses(IEnumerable<string> files, string relativeTo, string[]? coreFolders = null)
    {
        SyntaxTree[] extra = [.. files.Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), Parsing, path))];
        CSharpCompilation compilation = RuntimeCompilation.Value.AddSyntaxTrees(extra);
        IEnumerable<SyntaxTree> checkedTrees = coreFolders is null
            ? extra
            : compilation.SyntaxTrees.Where(t => FolderOf(t.FilePath) is { } folder && coreFolders.Contains(folder));

        var uses = new SortedSet<string>(StringComparer.Ordinal);
        int resolved = 0;
        foreach (SyntaxTree tree in checkedTrees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                SymbolInfo info = model.GetSymbolInfo(name);
                ISymbol? symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                INamedTypeSymbol? type = (symbol as INamedTypeSymbol ?? symbol?.ContainingType)?.OriginalDefinition;
                if (type is null || !type.Locations.Any(l => l.IsInSource && FolderOf(l.SourceTree!.FilePath) is not null)) continue;
                resolved++;
                if (type.Locations.Any(l => l.IsInSource && TransportFolders.Contains(FolderOf(l.SourceTree!.FilePath))))
                {
                    uses.Add($"{Path.GetRelativePath(relativeTo, tree.FilePath)} uses {type.ToDisplayString()}");
                }
            }
        }

        return (uses, resolved);
    }

    /// <summary>The top folder under src/Runtime of a runtime source file, or null for any other file.</summary>
    private static string? FolderOf(string path)
    {
        string relative = Path.GetRelativePath(Runtime, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return null;
        int slash = relative.IndexOf(Path.DirectorySeparatorChar);
        return slash < 0 ? null : relative[..slash];
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static readonly Lazy<CSharpCompilation> RuntimeCompilation = new(() =>
    {
        IEnumerable<SyntaxTree> trees = SourceFiles(Runtime).Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), Parsing, path));
        IEnumerable<MetadataReference> references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        return CSharpCompilation.Create(
            "TypedAmqp.CoreSurface", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    });
}
