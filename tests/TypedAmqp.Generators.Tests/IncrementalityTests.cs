using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using TypedAmqp.Generators.Tests.Support;

namespace TypedAmqp.Generators.Tests;

/// <summary>
/// What an IDE pays per keystroke: for each kind of edit, the exact run reason of every output of every named
/// pipeline step (names from <see cref="TrackingNames"/>). Unchanged means the step re-ran and produced an equal
/// value, Cached that it did not run at all; both leave the generated files alone.
/// </summary>
public sealed class IncrementalityTests
{
    private const IncrementalStepRunReason Cached = IncrementalStepRunReason.Cached;
    private const IncrementalStepRunReason Unchanged = IncrementalStepRunReason.Unchanged;
    private const IncrementalStepRunReason Modified = IncrementalStepRunReason.Modified;

    private static readonly string[] Steps =
    [
        TrackingNames.Exchanges, TrackingNames.Queues, TrackingNames.ConsumerPlacement, TrackingNames.JsonContexts, TrackingNames.ExternalExchanges,
        TrackingNames.BrokerTarget, TrackingNames.Validation, TrackingNames.Diagnostics, TrackingNames.Publishers, TrackingNames.Dispatchers,
        TrackingNames.Topology, TrackingNames.HostingAvailable, TrackingNames.Registration,
    ];

    /// <summary>
    /// Every step's outputs after an edit that touches no contract: the attribute steps re-run (Roslyn re-runs a
    /// ForAttributeWithMetadataName transform on each new compilation) but produce equal models, so nothing after
    /// them runs.
    /// </summary>
    private static readonly Dictionary<string, IncrementalStepRunReason[]> NothingChanged = new()
    {
        [TrackingNames.Exchanges] = [Unchanged, Unchanged],
        [TrackingNames.Queues] = [Unchanged, Unchanged],
        [TrackingNames.ConsumerPlacement] = [Unchanged],
        [TrackingNames.JsonContexts] = [Unchanged],
        [TrackingNames.ExternalExchanges] = [],
        [TrackingNames.BrokerTarget] = [Cached],
        [TrackingNames.Validation] = [Cached],
        [TrackingNames.Diagnostics] = [Cached],
        [TrackingNames.Publishers] = [Cached, Cached],
        [TrackingNames.Dispatchers] = [Cached],
        [TrackingNames.Topology] = [Cached],
        [TrackingNames.HostingAvailable] = [Unchanged],
        [TrackingNames.Registration] = [Cached],
    };

    [Fact]
    public void Adding_an_unrelated_file_recomputes_nothing()
    {
        AssertReasons(
            c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Shop.Other; public sealed class Unrelated { public int Value { get; set; } }", GeneratorHarness.ParseOptions, path: "Unrelated.cs")),
            NothingChanged);
    }

    [Fact]
    public void Editing_a_method_body_in_the_contract_file_reparses_its_contracts_to_equal_models()
    {
        AssertReasons(
            c => Edit(c, text => text.Replace("public static ShopJson Default => null!;", "public static ShopJson Default => null!;\n    private static int Twice(int x) { return x * 2; }", StringComparison.Ordinal)),
            NothingChanged);
    }

    [Fact]
    public void Changing_a_routing_key_regenerates_that_publisher_and_the_dispatcher_it_sends_to()
    {
        // Same length, so the contracts after it keep their source locations (locations are part of the models).
        AssertReasons(
            c => Edit(c, text => text.Replace("[RoutingKey(\"order.cancelled\")]", "[RoutingKey(\"order.Cancelled\")]", StringComparison.Ordinal)),
            With(NothingChanged, new()
            {
                [TrackingNames.Exchanges] = [Unchanged, Modified],
                [TrackingNames.Queues] = [Unchanged, Unchanged],
                [TrackingNames.ConsumerPlacement] = [Unchanged],
                [TrackingNames.JsonContexts] = [Unchanged],
                [TrackingNames.Validation] = [Modified],
                [TrackingNames.Diagnostics] = [Modified], // order.Cancelled matches no binding: a new TAMQP006
                [TrackingNames.Publishers] = [Unchanged, Modified],
                [TrackingNames.Dispatchers] = [Modified], // the billing dispatcher's destination template of OrderCancelled is the key
                [TrackingNames.Topology] = [Modified],
                [TrackingNames.Registration] = [Modified],
            }));
    }

    [Fact]
    public void Adding_a_property_to_a_message_type_moves_the_contracts_but_regenerates_nothing()
    {
        // The contracts after the record move, so their models (which carry locations for diagnostics) change; the
        // contract set handed on is location-free and equal, so validation ends the chain.
        AssertReasons(
            c => Edit(c, text => text.Replace("public sealed record OrderCancelled(Guid OrderId, string Reason);", "public sealed record OrderCancelled(Guid OrderId, string Reason) { public int Version { get; init; } }", StringComparison.Ordinal)),
            With(NothingChanged, new()
            {
                [TrackingNames.Exchanges] = [Modified, Modified],
                [TrackingNames.Queues] = [Modified, Modified],
                [TrackingNames.Validation] = [Unchanged],
            }));
    }

    [Fact]
    public void Adding_a_type_to_the_json_context_revalidates_but_regenerates_nothing()
    {
        AssertReasons(
            c => Edit(c, text => text.Replace("[JsonSerializable(typeof(OrderCancelled))]", "[JsonSerializable(typeof(OrderCancelled))]\n[JsonSerializable(typeof(string))]", StringComparison.Ordinal)),
            With(NothingChanged, new()
            {
                [TrackingNames.JsonContexts] = [Modified],
                [TrackingNames.Validation] = [Unchanged],
            }));
    }

    private static void AssertReasons(Func<CSharpCompilation, CSharpCompilation> edit, Dictionary<string, IncrementalStepRunReason[]> expected)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Sources.Orders);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        driver = driver.RunGenerators(edit(compilation));

        IReadOnlyDictionary<string, System.Collections.Immutable.ImmutableArray<IncrementalGeneratorRunStep>> tracked = driver.GetRunResult().Results.Single().TrackedSteps;
        var failures = new List<string>();
        foreach (string step in Steps)
        {
            IncrementalStepRunReason[] actual = tracked.TryGetValue(step, out var runs)
                ? runs.SelectMany(run => run.Outputs).Select(output => output.Reason).Order().ToArray()
                : [];
            IncrementalStepRunReason[] wanted = expected[step].Order().ToArray();
            if (!actual.SequenceEqual(wanted)) failures.Add($"{step}: expected [{string.Join(", ", wanted)}], got [{string.Join(", ", actual)}]");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, Func<string, string> change)
    {
        SyntaxTree original = compilation.SyntaxTrees.Single();
        string text = original.ToString();
        string edited = change(text);
        Assert.NotEqual(text, edited);
        return compilation.ReplaceSyntaxTree(original, original.WithChangedText(SourceText.From(edited)));
    }

    private static Dictionary<string, IncrementalStepRunReason[]> With(Dictionary<string, IncrementalStepRunReason[]> baseline, Dictionary<string, IncrementalStepRunReason[]> changes)
    {
        var result = new Dictionary<string, IncrementalStepRunReason[]>(baseline);
        foreach ((string step, IncrementalStepRunReason[] reasons) in changes) result[step] = reasons;
        return result;
    }
}
