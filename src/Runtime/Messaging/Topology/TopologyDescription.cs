namespace TypedAmqp.Messaging;

/// <summary>
/// Every exchange, queue and binding of a set of contracts, as data. The source generator emits one per assembly;
/// <see cref="DeclareAsync"/> puts it on a broker.
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

    /// <summary>
    /// Declares (or with <see cref="TopologyMode.Verify"/> passively checks) everything on <paramref name="channel"/>:
    /// exchanges, then queues, then bindings. A conflict fails with <see cref="AmqpChannelClosedException"/> (406) naming
    /// the entity, and closes that channel. Returns the broker's names of the queues, which differ from the
    /// description for server-named ones (and change with every declaration, such as after a reconnect).
    /// </summary>
    public async ValueTask<DeclaredTopology> DeclareAsync(AmqpChannel channel, TopologyMode mode = TopologyMode.Declare, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (mode == TopologyMode.Skip) return DeclaredTopology.None;
        foreach (ExchangeDeclaration exchange in Exchanges)
        {
            if (mode == TopologyMode.Verify) await channel.ExchangeDeclarePassiveAsync(exchange.Name, cancellationToken).ConfigureAwait(false);
            else await channel.ExchangeDeclareAsync(exchange.Name, exchange.Type, exchange.Durable, exchange.AutoDelete, exchange.Internal, exchange.Arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (QueueDeclaration queue in Queues)
        {
            if (mode == TopologyMode.Verify)
            {
                // A server-named queue has no name to check until this connection declares it.
                if (queue.Name.Length > 0) await channel.QueueDeclarePassiveAsync(queue.Name, cancellationToken).ConfigureAwait(false);
                continue;
            }

            QueueDeclareResult declared = await channel.QueueDeclareAsync(queue.Name, queue.Durable, queue.Exclusive, queue.AutoDelete, queue.Arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
            names[queue.Reference] = declared.QueueName;
        }

        var topology = new DeclaredTopology(names);
        if (mode == TopologyMode.Verify) return topology;
        foreach (BindingDeclaration binding in Bindings)
        {
            if (binding.DestinationIsExchange) await channel.ExchangeBindAsync(binding.Destination, binding.Source, binding.RoutingKey, binding.Arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
            else await channel.QueueBindAsync(topology.QueueName(binding.Destination), binding.Source, binding.RoutingKey, binding.Arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return topology;
    }
}
