using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedAmqp.Generators.Tests.Support;

namespace TypedAmqp.Generators.Tests;

/// <summary>Unrelated edits must not re-run the expensive steps; contract edits re-run what they must.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] ModelSteps = ["Exchanges", "Queues", "JsonContexts", "Validation", "Publishers", "Dispatchers", "Topology", "Diagnostics"];

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) RunOnce()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Sources.Orders);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        return (driver, compilation);
    }

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason)> Outputs(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(run => run.Outputs).Select(output => (step, output.Reason))
            : [];

    [Fact]
    public void Adding_an_unrelated_type_reruns_nothing()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce();
        CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Shop.Other; public sealed class Unrelated { public int Value { get; set; } }", GeneratorHarness.ParseOptions, path: "Unrelated.cs"));

        driver = driver.RunGenerators(edited);

        foreach (string step in ModelSteps)
        {
            foreach ((string name, IncrementalStepRunReason reason) in Outputs(driver, step))
            {
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} ran with reason {reason} after an unrelated edit");
            }
        }
    }

    [Fact]
    public void Editing_a_method_body_elsewhere_in_the_contract_file_keeps_outputs_cached()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce();
        SyntaxTree original = compilation.SyntaxTrees.Single();
        SyntaxTree changed = original.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            original.ToString() + "\npublic static class Helpers { public static int Twice(int x) => x * 2; }\n"));

        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(original, changed));

        foreach (string step in new[] { "Publishers", "Dispatchers", "Topology", "Diagnostics" })
        {
            foreach ((string name, IncrementalStepRunReason reason) in Outputs(driver, step))
            {
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} ran with reason {reason}");
            }
        }
    }

    [Fact]
    public void Changing_a_routing_key_reruns_the_publisher_but_not_the_dispatcher()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce();
        SyntaxTree original = compilation.SyntaxTrees.Single();
        // Same length, so the queue contract below keeps its source location (locations are part of the models).
        SyntaxTree changed = original.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            original.ToString().Replace("[RoutingKey(\"order.cancelled\")]", "[RoutingKey(\"order.Cancelled\")]", StringComparison.Ordinal)));

        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(original, changed));

        Assert.Contains(Outputs(driver, "Exchanges"), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(Outputs(driver, "Publishers"), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(Outputs(driver, "Dispatchers"), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"dispatcher step ran with {o.Reason}"));
    }
}
