using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedAmqp.Generators.Tests.Support;

/// <summary>
/// System.Text.Json's own source generator from the SDK's targeting pack, so corpus compilations are complete
/// programs (their JSON contexts get real members) and any compiler error at all counts.
/// </summary>
internal static class JsonGenerator
{
    private static readonly Lazy<ISourceGenerator> s_generator = new(Load);

    public static ISourceGenerator Instance => s_generator.Value;

    private static ISourceGenerator Load()
    {
        string path = typeof(JsonGenerator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "JsonGeneratorPath").Value!;
        Assert.True(File.Exists(path), $"System.Text.Json's source generator is not at {path}");
        var reference = new AnalyzerFileReference(path, new Loader());
        return reference.GetGeneratorsForAllLanguages().Single();
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
