using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

// exchange.* and queue.* methods.
public sealed partial class AmqpChannel
{
    /// <summary>Declares an exchange (exchange.declare), or with <paramref name="passive"/> checks that it exists.</summary>
    /// <param name="exchange">The exchange name.</param>
    /// <param name="type">direct, fanout, topic, headers (see <see cref="ExchangeType"/>) or a plugin's type such as x-delayed-message.</param>
    /// <param name="durable">Survives a broker restart.</param>
    /// <param name="autoDelete">Deleted when its last binding goes.</param>
    /// <param name="internal">Cannot be published to directly, only through exchange-to-exchange bindings.</param>
    /// <param name="arguments">Arguments such as alternate-exchange.</param>
    /// <param name="passive">Only check that the exchange exists (404 closes the channel if not).</param>
    /// <param name="noWait">Do not wait for the broker's reply; errors then arrive as a channel close.</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    public async ValueTask ExchangeDeclareAsync(
        string exchange, string type, bool durable = true, bool autoDelete = false, bool @internal = false,
        IReadOnlyDictionary<string, object?>? arguments = null, bool passive = false, bool noWait = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(type);
        var method = new ExchangeDeclare(exchange, type, passive, durable, autoDelete, @internal, noWait, arguments);
        if (noWait) Send(method);
        else await RpcAsync(method, MethodId.ExchangeDeclareOk, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks that an exchange exists; a missing one fails with <see cref="AmqpChannelClosedException"/> 404 and closes this channel.</summary>
    public ValueTask ExchangeDeclarePassiveAsync(string exchange, CancellationToken cancellationToken = default) =>
        ExchangeDeclareAsync(exchange, string.Empty, passive: true, cancellationToken: cancellationToken);

    /// <summary>Deletes an exchange (exchange.delete).</summary>
    public async ValueTask ExchangeDeleteAsync(string exchange, bool ifUnused = false, bool noWait = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var method = new ExchangeDelete(exchange, ifUnused, noWait);
        if (noWait) Send(method);
        else await RpcAsync(method, MethodId.ExchangeDeleteOk, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Binds exchange <paramref name="destination"/> to exchange <paramref name="source"/> (RabbitMQ's exchange.bind).</summary>
    public async ValueTask ExchangeBindAsync(
        string destination, string source, string routingKey, IReadOnlyDictionary<string, object?>? arguments = null, bool noWait = false, CancellationToken cancellationToken = default)
    {
        var method = new ExchangeBind(MethodId.ExchangeBind, destination, source, routingKey, noWait, arguments);
        if (noWait) Send(method);
        else await RpcAsync(method, MethodId.ExchangeBindOk, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes an exchange-to-exchange binding (RabbitMQ's exchange.unbind).</summary>
    public async ValueTask ExchangeUnbindAsync(
        string destination, string source, string routingKey, IReadOnlyDictionary<string, object?>? arguments = null, bool noWait = false, CancellationToken cancellationToken = default)
    {
        var method = new ExchangeBind(MethodId.ExchangeUnbind, destination, source, routingKey, noWait, arguments);
        if (noWait) Send(method);
        else await RpcAsync(method, MethodId.ExchangeUnbindOk, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Declares a queue (queue.declare). An empty name asks the broker to generate one, returned in the result.</summary>
    /// <param name="queue">The queue name, or "" for a server-named queue.</param>
    /// <param name="durable">Survives a broker restart.</param>
    /// <param name="exclusive">Used only by this connection and deleted when it closes.</param>
    /// <param name="autoDelete">Deleted when its last consumer is cancelled.</param>
    /// <param name="arguments">Arguments such as x-queue-type, x-message-ttl, x-dead-letter-exchange.</param>
    /// <param name="passive">Only check that the queue exists (404 closes the channel if not).</param>
    /// <param name="noWait">Do not wait for the reply; the result is then empty.</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    public async ValueTask<QueueDeclareResult> QueueDeclareAsync(
        string queue = "", bool durable = true, bool exclusive = false, bool autoDelete = false,
        IReadOnlyDictionary<string, object?>? arguments = null, bool passive = false, bool noWait = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var method = new QueueDeclare(queue, passive, durable, exclusive, autoDelete, noWait, arguments);
        if (noWait)
        {
            Send(method);
            return new QueueDeclareResult(queue, 0, 0);
        }

        RpcReply reply = await RpcAsync(method, MethodId.QueueDeclareOk, 0, cancellationToken).ConfigureAwait(false);
        return new QueueDeclareResult(reply.Name!, reply.Count, reply.SecondCount);
    }

    /// <summary>Checks that a queue exists and returns its counts; a missing one fails with <see cref="AmqpChannelClosedException"/> 404 and closes this channel.</summary>
    public ValueTask<QueueDeclareResult> QueueDeclarePassiveAsync(string queue, CancellationToken cancellationToken = default) =>
        QueueDeclareAsync(queue, passive: true, cancellationToken: cancellationToken);

    /// <summary>Binds a queue to an exchange (queue.bind).</summary>
    public async ValueTask QueueBindAsync(
        string queue, string exchange, string routingKey, IReadOnlyDictionary<string, object?>? arguments = null, bool noWait = false, CancellationToken cancellationToken = default)
    {
        var method = new QueueBind(queue, exchange, routingKey, noWait, arguments);
        if (noWait) Send(method);
        else await RpcAsync(method, MethodId.QueueBindOk, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a queue binding (queue.unbind).</summary>
    public async ValueTask QueueUnbindAsync(
        string queue, string exchange, string routingKey, IReadOnlyDictionary<string, object?>? arguments = null, CancellationToken cancellationToken = default)
    {
        await RpcAsync(new QueueUnbind(queue, exchange, routingKey, arguments), MethodId.QueueUnbindOk, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes all ready messages from a queue (queue.purge) and returns how many there were.</summary>
    public async ValueTask<uint> QueuePurgeAsync(string queue, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await RpcAsync(new QueuePurge(queue, false), MethodId.QueuePurgeOk, 0, cancellationToken).ConfigureAwait(false);
        return reply.Count;
    }

    /// <summary>Deletes a queue (queue.delete) and returns how many messages it held. Its consumers are cancelled by the broker.</summary>
    public async ValueTask<uint> QueueDeleteAsync(string queue, bool ifUnused = false, bool ifEmpty = false, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await RpcAsync(new QueueDelete(queue, ifUnused, ifEmpty, false), MethodId.QueueDeleteOk, 0, cancellationToken).ConfigureAwait(false);
        return reply.Count;
    }
}
