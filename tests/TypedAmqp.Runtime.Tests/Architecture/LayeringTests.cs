using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedAmqp.Tests.Architecture;

/// <summary>
/// The runtime's folders are its layers: code in a lower one must not use a type declared in a higher one. Checked on
/// the sources with Roslyn's semantic model (every name a file uses, resolved to the file that declares it), so a new
/// dependency fails here at once, naming the file, line and type.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string Sources = Path.GetFullPath(
        typeof(LayeringTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RuntimeSources").Value!);

    /// <summary>What each checked folder may use besides itself.</summary>
    private static readonly Dictionary<string, string[]> MayUse = new()
    {
        // The wire format: frames, methods, field tables, the content header and its properties. It throws the error
        // types, and writes into pooled buffers; it knows nothing of connections, consumers or the typed surface.
        ["Amqp091/Protocol"] = ["Buffers", "Errors"],
        ["Buffers"] = [],
        // The reconnect back-off both transports and the AMQP 1.0 client share: a pure function of the attempt, using
        // nothing (too small for the check below to mean anything on its own, so listed for the layers that use it).
        ["Retry"] = [],
        // The TLS handshake both transports authenticate with: it throws the error types, nothing else.
        ["Tls"] = ["Errors"],
        // The AMQP 1.0 codec, beside the 0-9-1 one and like it below everything else: the type system, the frames, the
        // performatives (each codec folder may use the ones before it).
        ["Amqp10/Types"] = ["Buffers", "Errors"],
        ["Amqp10/Framing"] = ["Amqp10/Types", "Buffers", "Errors"],
        ["Amqp10/Performatives"] = ["Amqp10/Types", "Amqp10/Framing", "Buffers", "Errors"],
        // The message format (sections: header, annotations, properties, application properties, body).
        ["Amqp10/Message"] = ["Amqp10/Types", "Amqp10/Framing", "Amqp10/Performatives", "Buffers", "Errors"],
        // The AMQP 1.0 connection engine (socket, SASL, connection, session, links): the codec and the error types,
        // nothing of the 0-9-1 client, its messaging layer or the typed surface.
        ["Amqp10/Connection"] = ["Amqp10/Types", "Amqp10/Framing", "Amqp10/Performatives", "Amqp10/Message", "Tls", "Buffers", "Errors"],
        ["Amqp10/Client"] = ["Amqp10/Types", "Amqp10/Framing", "Amqp10/Performatives", "Amqp10/Message", "Amqp10/Connection", "Retry", "Tls", "Buffers", "Errors"],
        // The neutral messaging core over the 1.0 engine (Amqp10Messaging). A typed publish's properties come from the
        // core (Messaging/Typed/MessagePropertyValues), as over 0-9-1, so both transports send the same. Of 0-9-1 it
        // uses only the header value shapes the core's headers hold (AmqpTimestamp, in Amqp091/Protocol), nothing of its client.
        ["Amqp10/Messaging"] = ["Amqp10/Types", "Amqp10/Framing", "Amqp10/Performatives", "Amqp10/Message", "Amqp10/Connection", "Messaging", "Retry", "Amqp091/Protocol", "Tls", "Buffers", "Errors"],
        // The exception types and close reasons: what every layer throws, so they depend on none (an exception that
        // carries a client type, such as the endpoints it could not reach, lives beside that type).
        ["Errors"] = [],
    };

    private static readonly Lazy<CSharpCompilation> Runtime = new(CompileRuntime);

    private static readonly CSharpParseOptions Parsing = new(LanguageVersion.Preview);

    [Theory]
    [InlineData("Amqp091/Protocol")]
    [InlineData("Buffers")]
    [InlineData("Tls")]
    [InlineData("Errors")]
    [InlineData("Amqp10/Types")]
    [InlineData("Amqp10/Framing")]
    [InlineData("Amqp10/Performatives")]
    [InlineData("Amqp10/Message")]
    [InlineData("Amqp10/Connection")]
    [InlineData("Amqp10/Client")]
    [InlineData("Amqp10/Messaging")]
    public void A_layer_uses_nothing_above_it(string layer)
    {
        (SortedSet<string> violations, int checkedNames) = Check(Runtime.Value, layer);
        Assert.True(checkedNames > (layer.StartsWith("Amqp10/", StringComparison.Ordinal) || layer == "Tls" ? 20 : 100), $"only {checkedNames} names resolved in {layer}/: the check saw too little to mean anything");
        Assert.True(violations.Count == 0, $"{layer}/ may use only {string.Join(", ", MayUse[layer])} besides itself, but:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_check_reports_a_dependency_planted_in_the_codec()
    {
        SyntaxTree planted = CSharpSyntaxTree.ParseText(
            "namespace TypedAmqp.Amqp091.Protocol; internal static class Planted { public static string Queue(AmqpConsumer consumer) => consumer.Queue; }",
            Parsing, Path.Combine(Sources, "Amqp091", "Protocol", "Planted.cs"));
        (SortedSet<string> violations, _) = Check(Runtime.Value.AddSyntaxTrees(planted), "Amqp091/Protocol");
        Assert.Contains(violations, v => v.Contains("Planted.cs:1 uses TypedAmqp.Amqp091.AmqpConsumer (Amqp091/Client/)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_reports_the_AMQP_1_0_codec_using_its_engine()
    {
        SyntaxTree planted = CSharpSyntaxTree.ParseText(
            "namespace TypedAmqp.Amqp10; internal static class Planted { public static object? Failure(Amqp10Connection connection) => connection.Failure; }",
            Parsing, Path.Combine(Sources, "Amqp10", "Performatives", "Planted.cs"));
        (SortedSet<string> violations, _) = Check(Runtime.Value.AddSyntaxTrees(planted), "Amqp10/Performatives");
        Assert.Contains(violations, v => v.Contains("Planted.cs:1 uses TypedAmqp.Amqp10.Amqp10Connection (Amqp10/Connection/)", StringComparison.Ordinal));
    }

    /// <summary>Every use, in <paramref name="layer"/>'s files, of a type declared in a folder it may not use; and how many names resolved to a type.</summary>
    private static (SortedSet<string> Violations, int CheckedNames) Check(CSharpCompilation compilation, string layer)
    {
        string[] allowed = [layer, .. MayUse[layer]];
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        int checkedNames = 0;
        foreach (SyntaxTree tree in compilation.SyntaxTrees.Where(t => LayerOf(t.FilePath) == layer))
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                SymbolInfo info = model.GetSymbolInfo(name);
                ISymbol? symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                INamedTypeSymbol? type = (symbol as INamedTypeSymbol ?? symbol?.ContainingType)?.OriginalDefinition;
                if (type is null) continue;
                checkedNames++;
                foreach (Location declared in type.Locations.Where(l => l.IsInSource))
                {
                    string? owner = LayerOf(declared.SourceTree!.FilePath);
                    if (owner is not null && !allowed.Contains(owner))
                    {
                        int line = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        violations.Add($"{Path.GetRelativePath(Sources, tree.FilePath)}:{line} uses {type.ToDisplayString()} ({owner}/)");
                    }
                }
            }
        }

        return (violations, checkedNames);
    }

    /// <summary>
    /// The top folder under src/Runtime of a source file (for the transports, Amqp10/ and Amqp091/, the top folder and
    /// the one below it, such as "Amqp10/Framing"), or null for a file outside it.
    /// </summary>
    private static string? LayerOf(string path)
    {
        string relative = Path.GetRelativePath(Sources, path);
        if (relative.StartsWith("..", StringComparison.Ordinal)) return null;
        string[] folders = relative.Split(Path.DirectorySeparatorChar)[..^1];
        if (folders.Length == 0) return null;
        return folders[0] is "Amqp10" or "Amqp091" && folders.Length > 1 ? $"{folders[0]}/{folders[1]}" : folders[0];
    }

    private static CSharpCompilation CompileRuntime()
    {
        IEnumerable<SyntaxTree> trees = Directory.EnumerateFiles(Sources, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), Parsing, path));
        IEnumerable<MetadataReference> references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        return CSharpCompilation.Create(
            "TypedAmqp.Layering", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }
}
