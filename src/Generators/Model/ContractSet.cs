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
/// <param name="Templates">Per handled message type, the publisher method that sends it to the queue, for telemetry's destination template.</param>
internal sealed record DispatcherSpec(QueueModel Queue, ConsumerModel Consumer, string JsonContext, string HintName, EquatableArray<DeliveryTemplateModel> Templates);

/// <summary>
/// The one publisher method of the compilation that sends <paramref name="MessageFullName"/> to an exchange a queue is
/// bound to: its exchange and routing-key template give the deliveries' <c>messaging.destination.template</c>.
/// </summary>
internal sealed record DeliveryTemplateModel(string MessageFullName, string Exchange, string RoutingKeyTemplate);

/// <summary>The assembly's topology and the factory methods to emit.</summary>
internal sealed record TopologySpec(EquatableArray<ExchangeModel> Exchanges, EquatableArray<QueueModel> Queues, EquatableArray<DispatcherSpec> Consumers);
