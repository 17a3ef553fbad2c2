using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedAmqp.Generators.Tests.Support;

/// <summary>
/// Compiles one contract file as a project of its own, with TypedAmqp's and System.Text.Json's generators.
/// Markers such as <c>/*!TAMQP010*/</c> sit right before where a diagnostic must start (an attribute's marker may
/// precede its '['); a file without markers must compile cleanly. Checks: the generator never throws, nothing it
/// generates has an error or a warning, the only errors anywhere are the expected TAMQP ones, and the TAMQP
/// diagnostics are exactly the marked ones.
/// </summary>
internal static partial class ContractFile
{
    /// <summary>Checks the file and returns what TypedAmqp generated for it.</summary>
    public static GeneratorRunResult Check(string file, string source)
    {
        List<(string Id, int Start)> expected = Markers(source);

        CSharpCompilation compilation = GeneratorHarness.CompileFile(file, source);
        var typedAmqp = new TypedAmqpGenerator();
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [typedAmqp.AsSourceGenerator(), JsonGenerator.Instance],
            parseOptions: GeneratorHarness.ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        Assert.DoesNotContain(generatorDiagnostics, d => d.Id is "CS8785" or "AD0001" or "TAMQP000");
        ImmutableArray<Diagnostic> compilerDiagnostics = output.GetDiagnostics();
        Diagnostic[] inGenerated = compilerDiagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && IsGenerated(d.Location.SourceTree))
            .ToArray();
        Assert.True(inGenerated.Length == 0, "generated code has problems:\n" + Describe(inGenerated));

        Diagnostic[] otherErrors = compilerDiagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error && !IsGenerated(d.Location.SourceTree))
            .ToArray();
        Assert.True(otherErrors.Length == 0, "the contract file has compiler errors (it must be valid C# apart from TAMQP diagnostics):\n" + Describe(otherErrors));

        List<(string Id, int Start)> actual = generatorDiagnostics
            .Where(d => d.Id.StartsWith("TAMQP", StringComparison.Ordinal))
            .Select(d => (d.Id, d.Location.SourceSpan.Start))
            .ToList();
        Assert.True(
            Sorted(expected).SequenceEqual(Sorted(actual)),
            $"expected {Show(expected, source)}\nbut got {Show(actual, source)}\n" + string.Join("\n", generatorDiagnostics.Select(d => d.ToString())));

        return driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(TypedAmqpGenerator));
    }

    private static bool IsGenerated(SyntaxTree? tree) => tree is not null && tree.FilePath.Contains(".g.cs", StringComparison.Ordinal);

    private static List<(string Id, int Start)> Markers(string source)
    {
        var markers = new List<(string, int)>();
        foreach (Match match in MarkerPattern().Matches(source))
        {
            int start = match.Index + match.Length;
            if (start < source.Length && source[start] == '[') start++; // attribute diagnostics start inside the brackets
            foreach (string id in match.Groups[1].Value.Split(',')) markers.Add((id.Trim(), start));
        }

        return markers;
    }

    private static IEnumerable<(string Id, int Start)> Sorted(IEnumerable<(string Id, int Start)> items) =>
        items.OrderBy(i => i.Start).ThenBy(i => i.Id, StringComparer.Ordinal);

    private static string Show(IEnumerable<(string Id, int Start)> items, string source) =>
        "[" + string.Join(", ", Sorted(items).Select(i => $"{i.Id} at line {source[..Math.Min(i.Start, source.Length)].Count(c => c == '\n') + 1} col {i.Start - source.LastIndexOf('\n', Math.Max(0, i.Start - 1))}")) + "]";

    private static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Take(10).Select(d => $"{d}\n    in: {Line(d)}"));

    private static string Line(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree is { } tree
            ? tree.GetText().Lines.GetLineFromPosition(diagnostic.Location.SourceSpan.Start).ToString().Trim()
            : string.Empty;

    [GeneratedRegex(@"/\*!(TAMQP\d{3}(?:\s*,\s*TAMQP\d{3})*)\*/")]
    private static partial Regex MarkerPattern();
}
