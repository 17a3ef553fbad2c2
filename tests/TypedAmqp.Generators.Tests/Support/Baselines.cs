using System.Reflection;

namespace TypedAmqp.Generators.Tests.Support;

/// <summary>
/// Checked-in expected generator output. Set TYPEDAMQP_UPDATE_BASELINES=1 to rewrite them after an intended change,
/// then review the diff.
/// </summary>
internal static class Baselines
{
    private static readonly string Directory = typeof(Baselines).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BaselineDirectory").Value!;

    /// <summary>The repository root, found from the baseline folder.</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(Directory, "..", "..", ".."));

    public static void AssertMatches(string name, string actual)
    {
        string path = Path.Combine(Directory, name.Replace(".g.cs", ".txt", StringComparison.Ordinal));
        if (Environment.GetEnvironmentVariable("TYPEDAMQP_UPDATE_BASELINES") == "1")
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No baseline {path}; run with TYPEDAMQP_UPDATE_BASELINES=1 to create it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, actual.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
