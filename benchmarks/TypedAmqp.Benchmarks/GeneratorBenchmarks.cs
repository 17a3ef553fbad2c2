using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedAmqp.Amqp091;
using TypedAmqp.Generators;

namespace TypedAmqp.Benchmarks;

/// <summary>
/// What the generator costs an IDE on a project of 200 or 1,000 contracts (half exchanges with publishers, half
/// consuming queues): a first run, and a re-run after an unrelated edit, where model equality should make it nearly free.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    /// <summary>Contracts in the project: half publishers, half consumers.</summary>
    [Params(200, 1000)]
    public int Contracts { get; set; }

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _editedCompilation = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CSharpCompilation.Create(
            "ManyContracts",
            [CSharpSyntaxTree.ParseText(Source(Contracts / 2), ParseOptions, path: "Contracts.cs")],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _editedCompilation = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public sealed class Unrelated { }", ParseOptions, path: "Unrelated.cs"));
        _warmDriver = CreateDriver().RunGenerators(_compilation);
    }

    [Benchmark]
    public GeneratorDriver FirstRun() => CreateDriver().RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver RerunAfterUnrelatedEdit() => _warmDriver.RunGenerators(_editedCompilation);

    private static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create([new TypedAmqpGenerator().AsSourceGenerator()], parseOptions: ParseOptions);

    private static string Source(int contractPairs)
    {
        var source = new StringBuilder("""
            using System; using System.Threading; using System.Threading.Tasks; using System.Text.Json.Serialization;
            using TypedAmqp; using TypedAmqp.Messaging;
            [assembly: JsonContext(typeof(Bench.BenchJson))]
            namespace Bench;
            """);
        var serializable = new StringBuilder();
        for (int i = 0; i < contractPairs; i++)
        {
            source.Append($$"""

                [MessageType("bench.event{{i}}")] public sealed record Event{{i}}(Guid Id, string Region, int Count);
                [Exchange("bench.exchange{{i}}", ExchangeKind.Topic)]
                public interface IPublisher{{i}} { [RoutingKey("event{{i}}.{Region}")] ValueTask Publish(Event{{i}} message, CancellationToken ct = default); }
                [Queue("bench.queue{{i}}", QueueKind.Quorum, DeliveryLimit = 5)] [Binding(typeof(IPublisher{{i}}), "event{{i}}.*")] [Consumer(Prefetch = 10)]
                public interface IConsumer{{i}} { ValueTask Handle(Event{{i}} message, MessageContext context, CancellationToken ct); }
                """);
            serializable.Append($"[JsonSerializable(typeof(Event{i}))]\n");
        }

        source.Append('\n').Append(serializable).Append("public sealed partial class BenchJson : JsonSerializerContext { public static BenchJson Default => null!; }\n");
        return source.ToString();
    }

    private static IEnumerable<MetadataReference> References()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is { } name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Concat([typeof(ExchangeAttribute).Assembly.Location, typeof(AmqpConnection).Assembly.Location])
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
    }
}
