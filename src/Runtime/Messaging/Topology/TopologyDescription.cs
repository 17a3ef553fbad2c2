namespace TypedAmqp.Messaging;

/// <summary>
/// Every exchange, queue and binding of a set of contracts, as data. The source generator emits one per assembly;
/// an <see cref="ITopologyDeclarer"/> puts it on a broker.
/// </summary>
public sealed class TopologyDescription
{
    /// <summary>
    /// How generated topologies key their server-named queues: "amq." names cannot be declared by clients, so a key
    /// can never be mistaken for a real queue's name.
    /// </summary>
    public const string ServerNamedPrefix = "amq.typedamqp.server-named:";

    /// <summary>Creates a description.</summary>
    public TopologyDescription(IReadOnlyList<ExchangeDeclaration> exchanges, IReadOnlyList<QueueDeclaration> queues, IReadOnlyList<BindingDeclaration> bindings)
    {
        Exchanges = exchanges;
        Queues = queues;
        Bindings = bindings;
    }

    /// <summary>The exchanges, in declaration order.</summary>
    public IReadOnlyList<ExchangeDeclaration> Exchanges { get; }

    /// <summary>The queues.</summary>
    public IReadOnlyList<QueueDeclaration> Queues { get; }

    /// <summary>The bindings; declared after the exchanges and queues they connect.</summary>
    public IReadOnlyList<BindingDeclaration> Bindings { get; }
}
