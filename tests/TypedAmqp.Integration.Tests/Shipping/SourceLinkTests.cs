using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Xml.Linq;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Integration.Shipping;

/// <summary>
/// The package points back at its source: packed from a clone whose <c>origin</c> is a GitHub repository, the nuspec
/// names that repository and the exact commit, and the symbol package's PDB maps every source file to that commit
/// (SourceLink) with deterministic paths. Where the URL comes from is git's <c>origin</c>, as for any SDK project.
/// </summary>
[Collection(ShippingCollection.Name)]
public sealed class SourceLinkTests
{
    private const string Origin = "https://github.com/typedamqp/typedamqp.git";
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Fact]
    public async Task A_package_built_from_a_clone_names_its_repository_and_commit_and_its_symbols_link_to_the_sources()
    {
        string work = Path.Combine(Path.GetTempPath(), "typedamqp-sourcelink-" + Guid.NewGuid().ToString("N"));
        string clone = Path.Combine(work, "clone");
        string feed = Path.Combine(work, "feed");
        try
        {
            await Processes.RunOrFailAsync("git", Processes.RepositoryRoot, TimeSpan.FromMinutes(1), "clone", "--quiet", "--no-hardlinks", Processes.RepositoryRoot, clone);
            await Processes.RunOrFailAsync("git", clone, TimeSpan.FromSeconds(30), "remote", "set-url", "origin", Origin);
            string commit = (await Processes.RunOrFailAsync("git", clone, TimeSpan.FromSeconds(30), "rev-parse", "HEAD")).Trim();
            await Processes.RunOrFailAsync("dotnet", clone, TimeSpan.FromMinutes(6),
                "pack", "src/Runtime/TypedAmqp.csproj", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-p:ContinuousIntegrationBuild=true", "-o", feed);

            string package = Directory.EnumerateFiles(feed, "TypedAmqp.*.nupkg").Single();
            using (ZipArchive nupkg = ZipFile.OpenRead(package))
            {
                XElement repository = XDocument.Load(nupkg.Entries.Single(e => e.FullName == "TypedAmqp.nuspec").Open())
                    .Descendants().Single(e => e.Name.LocalName == "repository");
                Assert.Equal("git", (string?)repository.Attribute("type"));
                Assert.Equal(Origin, (string?)repository.Attribute("url"));
                Assert.Equal(commit, (string?)repository.Attribute("commit"));
            }

            string symbols = Directory.EnumerateFiles(feed, "TypedAmqp.*.snupkg").Single();
            using ZipArchive snupkg = ZipFile.OpenRead(symbols);
            ZipArchiveEntry pdbEntry = snupkg.Entries.Single(e => e.FullName.EndsWith("/TypedAmqp.pdb", StringComparison.Ordinal));
            using var pdb = new MemoryStream();
            using (Stream entry = pdbEntry.Open()) await entry.CopyToAsync(pdb);
            pdb.Position = 0;
            using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
            MetadataReader reader = provider.GetMetadataReader();

            string sourceLink = reader.CustomDebugInformation
                .Select(reader.GetCustomDebugInformation)
                .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
                .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
                .Single();
            Assert.Contains($"https://raw.githubusercontent.com/typedamqp/typedamqp/{commit}/*", sourceLink, StringComparison.Ordinal);

            // Deterministic paths: every document under the mapped root, none under the clone's real folder.
            List<string> documents = reader.Documents.Select(handle => reader.GetString(reader.GetDocument(handle).Name)).ToList();
            Assert.Contains(documents, name => name.EndsWith("/src/Runtime/Amqp091/Client/AmqpConnection.cs", StringComparison.Ordinal));
            Assert.DoesNotContain(documents, name => name.StartsWith(clone, StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }
}
