using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace TypedAmqp.Generators.Tests.Support;

/// <summary>
/// Microsoft.CodeAnalysis.Testing set up for this machine: net10.0 reference assemblies taken from the running
/// runtime (no reference packs are downloaded), TypedAmqp's assemblies referenced, and TypedAmqp's generator run,
/// so markup such as {|TAMQP030:...|} states where each diagnostic is.
/// </summary>
internal static class RoslynTesting
{
    public static readonly ReferenceAssemblies References = new ReferenceAssemblies("net10.0")
        .AddAssemblies(ImmutableArray<string>.Empty);

    public static readonly MetadataReference[] AdditionalReferences = GeneratorHarness.MetadataReferences.ToArray();

    /// <summary>A code-fix test of <typeparamref name="TFix"/> on diagnostics TypedAmqp's generator reports.</summary>
    public sealed class FixTest<TFix> : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        public FixTest()
        {
            ReferenceAssemblies = References;
            TestState.AdditionalReferences.AddRange(AdditionalReferences);
            FixedState.AdditionalReferences.AddRange(AdditionalReferences);
            // The generated files are checked by the generator tests; here only the user's file matters.
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
            CompilerDiagnostics = CompilerDiagnostics.None;
        }

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(TypedAmqpGenerator)];
    }

    /// <summary>A generator test: the given sources, the expected TAMQP diagnostics in markup.</summary>
    public sealed class GeneratorTest : CSharpSourceGeneratorTest<TypedAmqpGenerator, DefaultVerifier>
    {
        public GeneratorTest()
        {
            ReferenceAssemblies = References;
            TestState.AdditionalReferences.AddRange(AdditionalReferences);
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
            CompilerDiagnostics = CompilerDiagnostics.None;
        }
    }
}
