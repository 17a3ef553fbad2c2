using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Generators.Tests.Support;

/// <summary>Compiles contract sources in memory and runs the generator over them, with step tracking on.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    /// <summary>The framework and TypedAmqp assemblies every test compilation references.</summary>
    public static ImmutableArray<MetadataReference> MetadataReferences => References;

    /// <summary>What every test source starts with.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using TypedAmqp;
        using TypedAmqp.Messaging;

        """;

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "ContractsUnderTest",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Contracts{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>One named file as a compilation of its own.</summary>
    public static CSharpCompilation CompileFile(string path, string source) =>
        CSharpCompilation.Create(
            "ContractsUnderTest",
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: path)],
            CorpusReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new TypedAmqpGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorResult Run(params string[] sources)
    {
        CSharpCompilation compilation = Compile(sources);
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorResult(driver, output, diagnostics);
    }

    /// <summary>The references plus TypedAmqp.Hosting and the Microsoft.Extensions assemblies, so the DI registration is generated and compiled too.</summary>
    private static readonly ImmutableArray<MetadataReference> CorpusReferences = References.AddRange(
        new[] { typeof(TypedAmqp.Hosting.TypedAmqpBuilder).Assembly.Location }
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll"))
            .Where(path => path != typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        IEnumerable<string> framework = trusted.Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is { } name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"));
        string[] ours =
        [
            typeof(ExchangeAttribute).Assembly.Location,
            typeof(AmqpConnection).Assembly.Location,
            typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location,
        ];
        return framework.Concat(ours).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    }
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorResult(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorRunResult RunResult => Driver.GetRunResult().Results.Single();

    public IEnumerable<Diagnostic> Diagnostics(string id) => GeneratorDiagnostics.Where(d => d.Id == id);

    public string Source(string hintNameEnd) =>
        RunResult.GeneratedSources.Single(s => s.HintName.EndsWith(hintNameEnd, StringComparison.Ordinal)).SourceText.ToString();

    /// <summary>Compile errors inside generated files (the test's own JSON contexts are incomplete without the STJ generator, so those are ignored).</summary>
    public IEnumerable<Diagnostic> ErrorsInGeneratedCode() =>
        Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.Contains("TypedAmqp.Generators", StringComparison.Ordinal) == true);
}
