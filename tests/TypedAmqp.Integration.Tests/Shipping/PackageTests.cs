namespace TypedAmqp.Integration.Shipping;

/// <summary>
/// TypedAmqp as users get it: packed into a local folder, referenced by a fresh `dotnet new console` project that can
/// take TypedAmqp from nowhere else, with a contract of its own; the generator runs from the package and the program
/// round-trips messages through the broker.
/// </summary>
[Collection(ShippingCollection.Name)]
public sealed class PackageTests
{
    [BrokerFact]
    public async Task A_fresh_console_project_builds_with_the_packaged_generator_and_runs_against_the_broker()
    {
        string root = Processes.RepositoryRoot;
        string work = Path.Combine(Path.GetTempPath(), "typedamqp-package-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed");
        string app = Path.Combine(work, "app");
        // A version no earlier run used, so NuGet's global cache cannot hand back an older package.
        string version = "0.1.0-ci." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(feed);
        try
        {
            foreach (string project in new[] { "src/Runtime/TypedAmqp.csproj", "src/Hosting/TypedAmqp.Hosting.csproj" })
            {
                await Processes.RunOrFailAsync("dotnet", root, TimeSpan.FromMinutes(3),
                    "pack", project, "-c", "Release", "--no-build", "-nodeReuse:false", "-o", feed, $"-p:PackageVersion={version}");
            }

            Assert.True(File.Exists(Path.Combine(feed, $"TypedAmqp.{version}.nupkg")));
            Assert.True(File.Exists(Path.Combine(feed, $"TypedAmqp.{version}.snupkg")));
            Assert.True(File.Exists(Path.Combine(feed, $"TypedAmqp.Hosting.{version}.nupkg")));

            await Processes.RunOrFailAsync("dotnet", work, TimeSpan.FromMinutes(2), "new", "console", "-o", app, "--no-restore");
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                  <packageSourceMapping>
                    <packageSource key="local"><package pattern="TypedAmqp*" /></packageSource>
                    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
                  </packageSourceMapping>
                </configuration>
                """);
            string csproj = Path.Combine(app, "app.csproj");
            File.WriteAllText(csproj, File.ReadAllText(csproj).Replace(
                "</Project>", $"  <ItemGroup>\n    <PackageReference Include=\"TypedAmqp\" Version=\"{version}\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal));
            File.Delete(Path.Combine(app, "Program.cs"));
            foreach (string file in new[] { "Contracts.cs", "Program.cs" })
            {
                File.Copy(Path.Combine(root, "samples", "Quickstart", file), Path.Combine(app, file));
            }

            string build = await Processes.RunOrFailAsync("dotnet", app, TimeSpan.FromMinutes(4), "build", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false");
            Assert.DoesNotContain("warning CS8032", build, StringComparison.Ordinal); // an analyzer that could not be loaded
            Assert.DoesNotContain("CS8785", build, StringComparison.Ordinal);
            Assert.DoesNotContain("TAMQP", build, StringComparison.Ordinal);
            Assert.Contains(Directory.EnumerateFiles(Path.Combine(app, "bin", "Release"), "TypedAmqp.Attributes.dll", SearchOption.AllDirectories), _ => true);

            string run = await Processes.RunOrFailAsync("dotnet", app, TimeSpan.FromMinutes(2), "run", "-c", "Release", "--no-build");
            Assert.Contains("received: Bonjour (fr) via routing key greeting.fr, type quickstart.greeting", run, StringComparison.Ordinal);
            Assert.Contains("done: 3 greetings round-tripped", run, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
