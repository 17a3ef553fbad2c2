using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedAmqp.Generators.Emitting;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;
using TypedAmqp.Generators.Parsing;
using TypedAmqp.Generators.Validation;

namespace TypedAmqp.Generators;

/// <summary>
/// Turns [Exchange], [Queue] and [Consumer] contracts into publishers, dispatchers and a topology description,
/// after checking the whole topology. Pipeline: parse each contract (ForAttributeWithMetadataName) → validate all
/// together → emit; models hold only strings, flags and equatable arrays, so unrelated edits hit the cache.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TypedAmqpGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult<ExchangeModel>> exchanges = context.SyntaxProvider
            .ForAttributeWithMetadataName("TypedAmqp.ExchangeAttribute", static (node, _) => node is InterfaceDeclarationSyntax, ExchangeParser.Parse)
            .WithTrackingName(TrackingNames.Exchanges);

        IncrementalValuesProvider<ParseResult<QueueModel>> queues = context.SyntaxProvider
            .ForAttributeWithMetadataName("TypedAmqp.QueueAttribute", static (node, _) => node is InterfaceDeclarationSyntax, QueueParser.Parse)
            .WithTrackingName(TrackingNames.Queues);

        IncrementalValuesProvider<JsonContextModel?> contexts = context.SyntaxProvider
            .ForAttributeWithMetadataName("TypedAmqp.JsonContextAttribute", static (_, _) => true, JsonContextParser.Parse)
            .WithTrackingName(TrackingNames.JsonContexts);

        IncrementalValuesProvider<EquatableArray<ExternalExchangeModel>> externals = context.SyntaxProvider
            .ForAttributeWithMetadataName("TypedAmqp.ExternalExchangeAttribute", static (_, _) => true, ExternalExchangeParser.Parse)
            .WithTrackingName(TrackingNames.ExternalExchanges);

        IncrementalValueProvider<ContractSet> contracts = exchanges.Collect()
            .Combine(queues.Collect())
            .Combine(contexts.Collect())
            .Combine(externals.Collect())
            .Select(static (input, _) => ContractValidator.Validate(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.Validation);

        context.RegisterSourceOutput(
            contracts.Select(static (set, _) => set.Diagnostics).WithTrackingName(TrackingNames.Diagnostics),
            static (output, diagnostics) =>
            {
                foreach (DiagnosticInfo diagnostic in diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
            });

        context.RegisterSourceOutput(
            contracts.SelectMany(static (set, _) => set.Publishers).WithTrackingName(TrackingNames.Publishers),
            static (output, publisher) => output.AddSource(PublisherEmitter.HintName(publisher), PublisherEmitter.Emit(publisher)));

        context.RegisterSourceOutput(
            contracts.SelectMany(static (set, _) => set.Dispatchers).WithTrackingName(TrackingNames.Dispatchers),
            static (output, dispatcher) => output.AddSource(DispatcherEmitter.HintName(dispatcher), DispatcherEmitter.Emit(dispatcher)));

        // Only a bool comes out of the compilation here, so downstream steps stay cached across edits.
        IncrementalValueProvider<bool> hostingAvailable = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName("TypedAmqp.Hosting.TypedAmqpBuilder") is not null)
            .WithTrackingName(TrackingNames.HostingAvailable);

        context.RegisterSourceOutput(
            contracts.Select(static (set, _) => (set.Publishers, set.Topology)).Combine(hostingAvailable).WithTrackingName(TrackingNames.Registration),
            static (output, input) =>
            {
                if (!input.Right || (input.Left.Topology.Exchanges.Count == 0 && input.Left.Topology.Queues.Count == 0)) return;
                output.AddSource(RegistrationEmitter.HintName, RegistrationEmitter.Emit(input.Left.Publishers, input.Left.Topology));
            });

        context.RegisterSourceOutput(
            contracts.Select(static (set, _) => (set.Publishers, set.Topology)).WithTrackingName(TrackingNames.Topology),
            static (output, topology) =>
            {
                if (topology.Topology.Exchanges.Count == 0 && topology.Topology.Queues.Count == 0) return;
                output.AddSource(TopologyEmitter.HintName, TopologyEmitter.Emit(topology.Topology));
                output.AddSource(TopologyEmitter.FactoryHintName, TopologyEmitter.EmitFactory(topology.Publishers, topology.Topology));
            });
    }
}
