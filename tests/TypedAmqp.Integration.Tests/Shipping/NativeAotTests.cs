using System.Text.RegularExpressions;

namespace TypedAmqp.Integration.Shipping;

/// <summary>The "AOT-safe" claim, tried: each sample published with Native AOT has no trim or AOT warning, and its native binary works against the broker.</summary>
[Collection(ShippingCollection.Name)]
public sealed partial class NativeAotTests
{
    public static TheoryData<string, string, string> Samples => new()
    {
        { "Quickstart", "received: Bonjour (fr) via routing key greeting.fr, type quickstart.greeting", "done: 3 greetings round-tripped" },
        { "OrderProcessing", "quote: 3 x BOOK-1 = 29.97", "summary: 3 orders fulfilled, 4 failed attempts for the broken order" },
    };

    [BrokerTheory]
    [MemberData(nameof(Samples))]
    public async Task The_sample_publishes_natively_without_warnings_and_the_binary_works_against_the_broker(string sample, string expected, string summary)
    {
        string root = Processes.RepositoryRoot;
        string output = Path.Combine(Path.GetTempPath(), "typedamqp-aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            string publish = await Processes.RunOrFailAsync("dotnet", root, TimeSpan.FromMinutes(8),
                "publish", $"samples/{sample}/{sample}.csproj", "-c", "Release", "-r", "linux-x64", "-nodeReuse:false", "-o", output);
            string[] warnings = AotWarning().Matches(publish).Select(m => m.Value).Distinct().ToArray();
            Assert.True(warnings.Length == 0, "trim/AOT warnings:\n" + string.Join("\n", warnings));

            string binary = Path.Combine(output, sample);
            Assert.True(File.Exists(binary), $"no native binary at {binary}:\n{publish}");
            Assert.False(File.Exists(Path.Combine(output, sample + ".dll")), $"the output holds a managed {sample}.dll, so it is not a native publish");

            string run = await Processes.RunOrFailAsync(binary, output, TimeSpan.FromMinutes(2));
            Assert.Contains(expected, run, StringComparison.Ordinal);
            Assert.Contains(summary, run, StringComparison.Ordinal);
            Assert.DoesNotContain("guest:guest", run, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [GeneratedRegex(@"warning (IL\d{4}|IL3\d{3})[^\r\n]*")]
    private static partial Regex AotWarning();
}

/// <summary>The shipping tests build and pack the repository's projects, so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ShippingCollection
{
    public const string Name = "shipping";
}
