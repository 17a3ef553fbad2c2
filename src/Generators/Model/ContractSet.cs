using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>All contracts of the compilation after validation, with the JSON context each one uses resolved.</summary>
internal sealed record ContractSet(
    EquatableArray<PublisherSpec> Publishers,
    EquatableArray<DispatcherSpec> Dispatchers,
    TopologySpec Topology,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>What is left when validation itself failed: nothing to emit, and the reason.</summary>
    public static ContractSet Failed(DiagnosticInfo failure) =>
        new(
            EquatableArray<PublisherSpec>.Empty, EquatableArray<DispatcherSpec>.Empty,
            new TopologySpec(EquatableArray<ExchangeModel>.Empty, EquatableArray<QueueModel>.Empty, EquatableArray<DispatcherSpec>.Empty),
            new[] { failure }.ToEquatableArray());
}

/// <summary>What the publisher emitter needs for one [Exchange] contract.</summary>
internal sealed record PublisherSpec(ExchangeModel Exchange, string JsonContext, string HintName);

/// <summary>What the dispatcher emitter needs for one [Consumer] contract.</summary>
internal sealed record DispatcherSpec(QueueModel Queue, ConsumerModel Consumer, string JsonContext, string HintName);

/// <summary>The assembly's topology and the factory methods to emit.</summary>
internal sealed record TopologySpec(EquatableArray<ExchangeModel> Exchanges, EquatableArray<QueueModel> Queues, EquatableArray<DispatcherSpec> Consumers);
