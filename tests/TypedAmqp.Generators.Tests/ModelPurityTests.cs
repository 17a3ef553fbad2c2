using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Model;
using TypedAmqp.Generators.Tests.Support;

namespace TypedAmqp.Generators.Tests;

/// <summary>Pipeline models must hold only plain values: a symbol, syntax node, compilation or Location inside would defeat caching and pin compilations in memory.</summary>
public sealed class ModelPurityTests
{
    [Fact]
    public void Pipeline_models_hold_no_roslyn_objects()
    {
        GeneratorResult result = GeneratorHarness.Run(Sources.Orders);
        IEnumerable<object?> models = result.RunResult.TrackedSteps
            .Where(step => step.Key is "Exchanges" or "Queues" or "JsonContexts" or "ExternalExchanges" or "Validation")
            .SelectMany(step => step.Value)
            .SelectMany(run => run.Outputs)
            .Select(output => output.Value);

        int visited = 0;
        foreach (object? model in models) visited += Walk(model, "model", new HashSet<object>(ReferenceEqualityComparer.Instance));
        Assert.True(visited > 50, $"only {visited} objects were walked; the steps produced no models?");
    }

    [Fact]
    public void The_walk_detects_a_symbol()
    {
        var compilation = GeneratorHarness.Compile("class C { }");
        Assert.ThrowsAny<Exception>(() => Walk(new Holder(compilation.GetTypeByMetadataName("C")!), "holder", new HashSet<object>(ReferenceEqualityComparer.Instance)));
    }

    private sealed record Holder(object Inner);

    private static int Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return 1;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or SyntaxTree, $"{path} holds a {value.GetType().Name}");
        if (value is DiagnosticDescriptor || value is Microsoft.CodeAnalysis.Text.TextSpan || value is Microsoft.CodeAnalysis.Text.LinePositionSpan) return 1;
        if (!value.GetType().IsValueType && !seen.Add(value)) return 0;

        int count = 1;
        if (value is IEnumerable items)
        {
            int index = 0;
            foreach (object? item in items) count += Walk(item, $"{path}[{index++}]", seen);
            return count;
        }

        if (value is System.Runtime.CompilerServices.ITuple tuple)
        {
            for (int i = 0; i < tuple.Length; i++) count += Walk(tuple[i], $"{path}.Item{i + 1}", seen);
            return count;
        }

        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            count += Walk(property.GetValue(value), $"{path}.{property.Name}", seen);
        }

        return count;
    }
}
