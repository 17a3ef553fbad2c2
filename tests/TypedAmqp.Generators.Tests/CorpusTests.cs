using System.Reflection;
using TypedAmqp.Generators.Tests.Support;

namespace TypedAmqp.Generators.Tests;

/// <summary>Every file under Corpus/ is one small project of its own, checked by <see cref="ContractFile.Check"/>.</summary>
public sealed class CorpusTests
{
    private static readonly string Directory = typeof(CorpusTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CorpusDirectory").Value!;

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string path in System.IO.Directory.EnumerateFiles(Directory, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Directory, path));
        }

        return data;
    }

    [Fact]
    public void The_corpus_holds_at_least_a_hundred_contract_files()
    {
        Assert.True(Files().Count >= 100, $"the corpus has {Files().Count} files");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Compiles_or_gets_exactly_the_marked_diagnostics(string file)
    {
        ContractFile.Check(file, File.ReadAllText(Path.Combine(Directory, file)));
    }
}
