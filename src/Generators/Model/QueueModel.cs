using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>
/// A [Queue] contract: the queue's declaration, its bindings (DeclaresBindings: whether it has [Binding]s at all,
/// read or not) and, with [Consumer], its handlers.
/// </summary>
internal sealed record QueueModel(
    ContractInfo Contract,
    string Name,
    string Kind,
    bool Durable,
    bool Exclusive,
    bool AutoDelete,
    string? DeadLetterExchange,
    string? DeadLetterRoutingKey,
    long MessageTtl,
    long Expires,
    long MaxLength,
    long MaxLengthBytes,
    string? Overflow,
    int MaxPriority,
    bool SingleActiveConsumer,
    int DeliveryLimit,
    EquatableArray<ArgumentModel> Arguments,
    EquatableArray<BindingModel> Bindings,
    bool DeclaresBindings,
    ConsumerModel? Consumer,
    LocationInfo? Location)
{
    /// <summary>Whether the broker names the queue ([Queue("")]).</summary>
    public bool IsServerNamed => Name.Length == 0;

    /// <summary>
    /// How bindings and consumers refer to the queue: its name, or for a server-named queue a key the runtime maps to
    /// the name the broker gave it (TopologyDescription.ServerNamedPrefix plus the contract's full name).
    /// </summary>
    public string Reference => IsServerNamed ? "amq.typedamqp.server-named:" + Contract.InterfaceFullName.Replace("global::", string.Empty) : Name;
}

/// <summary>The [Consumer] settings and the handler methods.</summary>
internal sealed record ConsumerModel(
    int Prefetch, int Concurrency, bool RequeueOnFailure, int Retries, int RetryDelay, int MaxDeliveryCount, EquatableArray<HandlerModel> Handlers, LocationInfo? Location);
