using System.Reflection;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Tests.Support;

namespace TypedAmqp.Generators.Tests;

/// <summary>
/// Representative contract sets (BaselineSets/*.cs): each is checked like a corpus file, and every file TypedAmqp
/// generates for it must match its checked-in baseline (Baselines/{set}/{hint name}.txt). Set
/// TYPEDAMQP_UPDATE_BASELINES=1 to rewrite them after an intended change, then review the diff.
/// </summary>
public sealed class BaselineSetTests
{
    private static readonly string SetDirectory = Path.Combine(
        typeof(BaselineSetTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BaselineDirectory").Value!, "..", "BaselineSets");

    public static TheoryData<string> Sets()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.EnumerateFiles(SetDirectory, "*.cs").Order(StringComparer.Ordinal)) data.Add(Path.GetFileNameWithoutExtension(path));
        return data;
    }

    [Fact]
    public void There_are_at_least_twelve_sets()
    {
        Assert.True(Sets().Count >= 12, $"only {Sets().Count} baseline sets");
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Generated_files_match_their_baselines(string set)
    {
        GeneratorRunResult result = ContractFile.Check(set + ".cs", File.ReadAllText(Path.Combine(SetDirectory, set + ".cs")));
        Assert.NotEmpty(result.GeneratedSources);
        foreach (GeneratedSourceResult source in result.GeneratedSources)
        {
            Baselines.AssertMatches(Path.Combine(set, source.HintName), source.SourceText.ToString());
        }
    }
}
