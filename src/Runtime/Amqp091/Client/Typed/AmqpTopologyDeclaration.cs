using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>A <see cref="TopologyDescription"/> declared with AMQP 0-9-1 methods on a channel (what <see cref="AmqpMessaging"/> does for <see cref="ITopologyDeclarer"/>).</summary>
public static class AmqpTopologyDeclaration
{
    /// <summary>
    /// Declares (or with <see cref="TopologyMode.Verify"/> passively checks) everything of <paramref name="description"/> on <paramref name="channel"/>:
    /// exchanges, then queues, then bindings. A conflict fails with <see cref="AmqpChannelClosedException"/> (406) naming
    /// the entity, and closes that channel. Returns the broker's names of the queues, which differ from the
    /// description for server-named ones (and change with every declaration, such as after a reconnect).
    /// </summary>
    public static async ValueTask<DeclaredTopology> DeclareAsync(
        this TopologyDescription description, AmqpChannel channel, TopologyMode mode = TopologyMode.Declare, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(channel);
        if (mode == TopologyMode.Skip) return DeclaredTopology.None;
        foreach (ExchangeDeclaration exchange in description.Exchanges)
        {
            if (mode == TopologyMode.Verify) await channel.ExchangeDeclarePassiveAsync(exchange.Name, cancellationToken).ConfigureAwait(false);
            else await channel.ExchangeDeclareAsync(exchange.Name, exchange.Type, exchange.Durable, exchange.AutoDelete, exchange.Internal, exchange.Arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (QueueDeclaration queue in description.Queues)
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
        foreach (BindingDeclaration binding in description.Bindings)
        {
            if (binding.DestinationIsExchange) await channel.ExchangeBindAsync(binding.Destination, binding.Source, binding.RoutingKey, binding.Arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
            else await channel.QueueBindAsync(topology.QueueName(binding.Destination), binding.Source, binding.RoutingKey, binding.Arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return topology;
    }
}
