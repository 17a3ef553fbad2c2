using System.Text.RegularExpressions;

namespace TypedAmqp.Integration.Shipping;

/// <summary>The "AOT-safe" claim, tried: the quickstart published with Native AOT has no trim or AOT warning, and the native binary works against the broker.</summary>
[Collection(ShippingCollection.Name)]
public sealed partial class NativeAotTests
{
    [BrokerFact]
    public async Task The_quickstart_publishes_natively_without_warnings_and_the_binary_round_trips_its_greetings()
    {
        string root = Processes.RepositoryRoot;
        string output = Path.Combine(Path.GetTempPath(), "typedamqp-aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            string publish = await Processes.RunOrFailAsync("dotnet", root, TimeSpan.FromMinutes(8),
                "publish", "samples/Quickstart/Quickstart.csproj", "-c", "Release", "-r", "linux-x64", "-nodeReuse:false", "-o", output);
            string[] warnings = AotWarning().Matches(publish).Select(m => m.Value).Distinct().ToArray();
            Assert.True(warnings.Length == 0, "trim/AOT warnings:\n" + string.Join("\n", warnings));

            string binary = Path.Combine(output, "Quickstart");
            Assert.True(File.Exists(binary), $"no native binary at {binary}:\n{publish}");
            Assert.False(File.Exists(Path.Combine(output, "Quickstart.dll")), "the output holds a managed Quickstart.dll, so it is not a native publish");

            string run = await Processes.RunOrFailAsync(binary, output, TimeSpan.FromMinutes(1));
            Assert.Contains("received: Bonjour (fr) via routing key greeting.fr, type quickstart.greeting", run, StringComparison.Ordinal);
            Assert.Contains("done: 3 greetings round-tripped", run, StringComparison.Ordinal);
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
