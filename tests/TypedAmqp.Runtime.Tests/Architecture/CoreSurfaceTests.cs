using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.Tests.Architecture;

/// <summary>
/// The transports, AMQP 0-9-1 (<c>Amqp091/Protocol/</c>, the codec; <c>Amqp091/Client/</c>, connections, channels,
/// consumers, their recovery and the typed adapter <c>AmqpMessaging</c>) and AMQP 1.0 (<c>Amqp10/</c>), plug into a
/// transport-neutral core (<c>Messaging/</c>, with <c>Observability/</c>). Generated code must use only the core; the
/// core itself uses neither transport; the host only what is listed here as not yet moved behind the core. Checked on
/// the sources with Roslyn's semantic model: every name in the checked files is resolved, and one declared in a
/// transport folder is a use.
/// </summary>
/// <remarks>
/// The host's list is exact: a new use fails, and so does a listed one that is gone, so it only shrinks. Each entry
/// says which file uses which 0-9-1 type; the list is the rest of the work of issue 20's neutral core.
/// </remarks>
public sealed class CoreSurfaceTests
{
    private static readonly string Runtime = Path.GetFullPath(
        typeof(CoreSurfaceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RuntimeSources").Value!);

    private static readonly string Repository = Path.GetFullPath(Path.Combine(Runtime, "..", ".."));

    private static readonly string[] TransportFolders = ["Amqp091", "Amqp10"];

    private static readonly CSharpParseOptions Parsing = new(LanguageVersion.Preview);

    /// <summary>What the host still uses of the 0-9-1 transport: the options and endpoints it builds a connection from, and the transport it creates.</summary>
    private static readonly string[] HostingUsesStill =
    [
        "CurrentMessagingPublisher.cs uses TypedAmqp.Amqp091.RecoveringMessaging",
        "TypedAmqpHealthCheck.cs uses TypedAmqp.Amqp091.AmqpConnection",
        "TypedAmqpHealthCheck.cs uses TypedAmqp.Amqp091.RecoveringSubscription",
        "TypedAmqpHostedService.cs uses TypedAmqp.Amqp091.RecoveringMessaging",
        "TypedAmqpHostedService.cs uses TypedAmqp.Amqp091.RecoveringSubscription",
        "TypedAmqpOptions.cs uses TypedAmqp.Amqp091.AmqpConnectionOptions",
        "TypedAmqpOptions.cs uses TypedAmqp.Amqp091.AmqpEndpoint",
        "TypedAmqpOptions.cs uses TypedAmqp.Amqp091.EndpointOrder",
        "TypedAmqpRuntime.cs uses TypedAmqp.Amqp091.AmqpConnection",
        "TypedAmqpRuntime.cs uses TypedAmqp.Amqp091.RecoveringMessaging",
        "TypedAmqpRuntime.cs uses TypedAmqp.Amqp091.RecoveringSubscription",
    ];

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
    public void The_host_uses_no_AMQP_0_9_1_type_but_the_listed_ones()
    {
        string hosting = Path.Combine(Repository, "src", "Hosting");
        (SortedSet<string> uses, int resolved) = TransportUses(SourceFiles(hosting), hosting);

        Assert.True(resolved > 50, $"only {resolved} names in src/Hosting resolved to runtime types");
        AssertExactly(HostingUsesStill, uses, "src/Hosting");
    }

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

    private static void AssertExactly(string[] expected, SortedSet<string> actual, string what)
    {
        string[] added = [.. actual.Except(expected, StringComparer.Ordinal)];
        string[] gone = [.. expected.Except(actual, StringComparer.Ordinal)];
        Assert.True(added.Length == 0, $"{what} gained uses of the AMQP 0-9-1 transport:\n" + string.Join("\n", added));
        Assert.True(gone.Length == 0, $"{what} no longer has these listed uses of the AMQP 0-9-1 transport; take them off the list:\n" + string.Join("\n", gone));
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
