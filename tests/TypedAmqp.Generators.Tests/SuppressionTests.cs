using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TypedAmqp.Generators.Tests;

/// <summary>
/// TypedAmqp's diagnostics obey every suppression mechanism an analyzer's do, proven with a real <c>dotnet build</c>
/// of a scratch project that references the built generator: #pragma, [SuppressMessage], .editorconfig,
/// .globalconfig, &lt;NoWarn&gt; and &lt;WarningsAsErrors&gt;. (That each suppressed rule fires without its
/// suppression is shown by DiagnosticTests.)
/// </summary>
public sealed partial class SuppressionTests
{
    [Fact]
    public void Pragma_SuppressMessage_editorconfig_globalconfig_NoWarn_and_WarningsAsErrors_all_apply()
    {
        string directory = Path.Combine(Path.GetTempPath(), "typedamqp-suppression-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "Legacy"));
        try
        {
            string bin = AppContext.BaseDirectory;
            File.WriteAllText(Path.Combine(directory, "Scratch.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <NoWarn>$(NoWarn);TAMQP026</NoWarn>
                    <WarningsAsErrors>$(WarningsAsErrors);TAMQP007</WarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <Reference Include="{bin}TypedAmqp.Attributes.dll" />
                    <Reference Include="{bin}TypedAmqp.dll" />
                    <Analyzer Include="{bin}TypedAmqp.Generators.dll" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(directory, "Pragma.cs"), """
                using TypedAmqp;
                #pragma warning disable TAMQP007
                [Queue("scratch.pragma")] public interface IPragma { }
                #pragma warning restore TAMQP007
                """);
            File.WriteAllText(Path.Combine(directory, "SuppressMessage.cs"), """
                using TypedAmqp;
                [System.Diagnostics.CodeAnalysis.SuppressMessage("TypedAmqp.Topology", "TAMQP007", Justification = "test")]
                [Queue("scratch.suppress-message")] public interface ISuppressed { }
                """);
            File.WriteAllText(Path.Combine(directory, ".editorconfig"), "root = true\n[Legacy/*.cs]\ndotnet_diagnostic.TAMQP025.severity = none\n");
            File.WriteAllText(Path.Combine(directory, "Legacy", "Legacy.cs"), """
                using TypedAmqp;
                [Queue("scratch.editorconfig", Durable = false)] [Binding("amq.fanout")] public interface ILegacy { }
                """);
            File.WriteAllText(Path.Combine(directory, ".globalconfig"), "is_global = true\ndotnet_diagnostic.TAMQP030.severity = none\n");
            File.WriteAllText(Path.Combine(directory, "Settings.cs"), """
                using TypedAmqp;
                [Queue("scratch.globalconfig", DeadLetterExchange = "nowhere")] [Binding("amq.fanout")] public interface IDeadLetters { }
                [Queue("scratch.nowarn", QueueKind.Quorum)] [Binding("amq.fanout")] public interface IUnlimited { }
                """);
            File.WriteAllText(Path.Combine(directory, "Unsuppressed.cs"), """
                using TypedAmqp;
                [Queue("scratch.unsuppressed")] public interface IUnsuppressed { }
                """);

            (int exitCode, string output) = Build(directory);

            string[] reported = TamqpLine().Matches(output).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal).ToArray();
            Assert.True(reported.SequenceEqual(["Unsuppressed.cs(2,2): error TAMQP007"]), "reported:\n" + string.Join("\n", reported) + "\n\nbuild output:\n" + output);
            Assert.NotEqual(0, exitCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Build(string directory)
    {
        var start = new ProcessStartInfo("dotnet", ["build", "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:NoSummary"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "dotnet build did not finish in 3 minutes");
        return (process.ExitCode, output + error.Result);
    }

    [GeneratedRegex(@"[A-Za-z]+\.cs\(\d+,\d+\): (warning|error) TAMQP\d{3}")]
    private static partial Regex TamqpLine();
}
