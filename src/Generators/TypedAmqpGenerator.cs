using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
/// Every step runs inside <see cref="Guard"/>: a defect becomes a TAMQP000 error, never a silently skipped generator.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TypedAmqpGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult<ExchangeModel>> exchanges = context.SyntaxProvider
            .ForAttributeWithMetadataName("TypedAmqp.ExchangeAttribute", static (node, _) => node is InterfaceDeclarationSyntax, static (c, ct) => Guard.Parse(ExchangeParser.Parse, c, ct))
            .WithTrackingName(TrackingNames.Exchanges);

        IncrementalValuesProvider<ParseResult<QueueModel>> queues = context.SyntaxProvider
            .ForAttributeWithMetadataName("TypedAmqp.QueueAttribute", static (node, _) => node is InterfaceDeclarationSyntax, static (c, ct) => Guard.Parse(QueueParser.Parse, c, ct))
            .WithTrackingName(TrackingNames.Queues);

        IncrementalValuesProvider<DiagnosticInfo?> misplacedConsumers = context.SyntaxProvider
            .ForAttributeWithMetadataName("TypedAmqp.ConsumerAttribute", static (_, _) => true, static (c, ct) => Guard.Run(() => ConsumerPlacementParser.Parse(c, ct), failure => failure, "[Consumer]"))
            .WithTrackingName(TrackingNames.ConsumerPlacement);

        IncrementalValuesProvider<JsonContextModel?> contexts = context.SyntaxProvider
            .ForAttributeWithMetadataName("TypedAmqp.JsonContextAttribute", static (_, _) => true, static (c, ct) => Guard.Run(() => JsonContextParser.Parse(c, ct), _ => null, "[JsonContext]"))
            .WithTrackingName(TrackingNames.JsonContexts);

        IncrementalValuesProvider<EquatableArray<ExternalExchangeModel>> externals = context.SyntaxProvider
            .ForAttributeWithMetadataName("TypedAmqp.ExternalExchangeAttribute", static (_, _) => true, static (c, ct) => Guard.Run(() => ExternalExchangeParser.Parse(c, ct), _ => EquatableArray<ExternalExchangeModel>.Empty, "[ExternalExchange]"))
            .WithTrackingName(TrackingNames.ExternalExchanges);

        IncrementalValueProvider<(BrokerTarget Target, DiagnosticInfo? Problem)> broker = context.SyntaxProvider
            .ForAttributeWithMetadataName("TypedAmqp.TargetBrokerAttribute", static (_, _) => true, BrokerTargetParser.Parse)
            .Collect()
            .Combine(context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
                options.GlobalOptions.TryGetValue("build_property.TypedAmqpBrokerVersion", out string? version) && !string.IsNullOrWhiteSpace(version) ? version : null))
            .Select(static (input, _) => BrokerTargetParser.Resolve(input.Left, input.Right))
            .WithTrackingName(TrackingNames.BrokerTarget);

        IncrementalValueProvider<ContractSet> contracts = exchanges.Collect()
            .Combine(queues.Collect())
            .Combine(contexts.Collect())
            .Combine(externals.Collect())
            .Combine(misplacedConsumers.Collect())
            .Combine(broker)
            .Select(static (input, _) => Guard.Run(
                () => ContractValidator.Validate(
                    input.Left.Left.Left.Left.Left, input.Left.Left.Left.Left.Right, input.Left.Left.Left.Right, input.Left.Left.Right, input.Left.Right, input.Right),
                ContractSet.Failed,
                "the contracts as a whole"))
            .WithTrackingName(TrackingNames.Validation);

        // Diagnostics are located in their syntax trees here, at the last moment, so the cached models stay free of
        // trees while suppression (#pragma, [SuppressMessage], .editorconfig) still applies. Only this loop re-runs
        // on an edit.
        context.RegisterSourceOutput(
            contracts.Select(static (set, _) => set.Diagnostics).WithTrackingName(TrackingNames.Diagnostics).Combine(context.CompilationProvider),
            static (output, input) => Guard.Output(output, () =>
            {
                if (input.Left.Count == 0) return;
                var trees = new Dictionary<string, SyntaxTree>();
                foreach (SyntaxTree tree in input.Right.SyntaxTrees) trees[tree.FilePath] = tree;
                foreach (DiagnosticInfo diagnostic in input.Left) output.ReportDiagnostic(diagnostic.ToDiagnostic(trees));
            }, "reporting diagnostics"));

        context.RegisterSourceOutput(
            contracts.SelectMany(static (set, _) => set.Publishers).WithTrackingName(TrackingNames.Publishers),
            static (output, publisher) => Guard.Output(output, () => output.AddSource(publisher.HintName, PublisherEmitter.Emit(publisher)), publisher.Exchange.Contract.DisplayName));

        context.RegisterSourceOutput(
            contracts.SelectMany(static (set, _) => set.Dispatchers).WithTrackingName(TrackingNames.Dispatchers),
            static (output, dispatcher) => Guard.Output(output, () => output.AddSource(dispatcher.HintName, DispatcherEmitter.Emit(dispatcher)), dispatcher.Queue.Contract.DisplayName));

        // Only a bool comes out of the compilation here, so downstream steps stay cached across edits.
        IncrementalValueProvider<bool> hostingAvailable = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName("TypedAmqp.Hosting.TypedAmqpBuilder") is not null)
            .WithTrackingName(TrackingNames.HostingAvailable);

        context.RegisterSourceOutput(
            contracts.Select(static (set, _) => (set.Publishers, set.Topology)).Combine(hostingAvailable).WithTrackingName(TrackingNames.Registration),
            static (output, input) => Guard.Output(output, () =>
            {
                if (!input.Right || (input.Left.Topology.Exchanges.Count == 0 && input.Left.Topology.Queues.Count == 0)) return;
                output.AddSource(RegistrationEmitter.HintName, RegistrationEmitter.Emit(input.Left.Publishers, input.Left.Topology));
            }, "the DI registration"));

        context.RegisterSourceOutput(
            contracts.Select(static (set, _) => (set.Publishers, set.Topology)).WithTrackingName(TrackingNames.Topology),
            static (output, topology) => Guard.Output(output, () =>
            {
                if (topology.Topology.Exchanges.Count == 0 && topology.Topology.Queues.Count == 0) return;
                output.AddSource(TopologyEmitter.HintName, TopologyEmitter.Emit(topology.Publishers, topology.Topology));
                output.AddSource(TopologyEmitter.FactoryHintName, TopologyEmitter.EmitFactory(topology.Publishers, topology.Topology));
            }, "the topology"));
    }
}
