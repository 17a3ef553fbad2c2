using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A <see cref="TopologyDescription"/> declared through RabbitMQ 4's management node: <c>PUT /exchanges/{name}</c>,
/// <c>PUT /queues/{name}</c> and <c>POST /bindings</c>, each body a map of the 0-9-1 declare's fields with the
/// x-arguments as an AMQP 1.0 map. A refusal is an <see cref="Amqp10TopologyException"/> naming the entity.
/// </summary>
internal static class Amqp10TopologyDeclaration
{
    /// <summary>
    /// The prefix of names this side gives server-named queues: RabbitMQ 4's management node refuses an empty queue
    /// name (400), so the client names them, uniquely per declaration as the broker would.
    /// </summary>
    public const string GeneratedQueuePrefix = "typedamqp.gen-";

    public static async ValueTask<DeclaredTopology> DeclareAsync(
        Amqp10Connection connection, Amqp10ManagementClient management, TopologyDescription description, TopologyMode mode, CancellationToken cancellationToken)
    {
        if (mode == TopologyMode.Skip) return DeclaredTopology.None;
        foreach (ExchangeDeclaration exchange in description.Exchanges)
        {
            if (mode == TopologyMode.Verify) await VerifyExchangeAsync(connection, exchange.Name, cancellationToken).ConfigureAwait(false);
            else await DeclareExchangeAsync(management, exchange, cancellationToken).ConfigureAwait(false);
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (QueueDeclaration queue in description.Queues)
        {
            if (mode == TopologyMode.Verify)
            {
                // A server-named queue has no name to check until this connection declares it.
                if (queue.Name.Length > 0) await VerifyQueueAsync(management, queue.Name, cancellationToken).ConfigureAwait(false);
                continue;
            }

            string name = queue.Name.Length > 0 ? queue.Name : GeneratedQueuePrefix + Guid.NewGuid().ToString("N");
            await DeclareQueueAsync(management, name, queue, cancellationToken).ConfigureAwait(false);
            names[queue.Reference] = name;
        }

        var topology = new DeclaredTopology(names);
        if (mode == TopologyMode.Verify) return topology;
        foreach (BindingDeclaration binding in description.Bindings)
        {
            await BindAsync(management, binding, binding.DestinationIsExchange ? binding.Destination : topology.QueueName(binding.Destination), cancellationToken).ConfigureAwait(false);
        }

        return topology;
    }

    private static async Task DeclareExchangeAsync(Amqp10ManagementClient management, ExchangeDeclaration exchange, CancellationToken cancellationToken)
    {
        // The default exchange exists and cannot be declared (the management node answers 403).
        if (exchange.Name.Length == 0) return;
        Amqp10Value body = Amqp10Value.Map(
            Amqp10Value.String("type"), Amqp10Value.String(exchange.Type),
            Amqp10Value.String("durable"), Amqp10Value.Boolean(exchange.Durable),
            Amqp10Value.String("auto_delete"), Amqp10Value.Boolean(exchange.AutoDelete),
            Amqp10Value.String("internal"), Amqp10Value.Boolean(exchange.Internal),
            Amqp10Value.String("arguments"), Amqp10HeaderValues.Map(exchange.Name, exchange.Arguments));
        (string status, Amqp10Value? response) = await management.RequestAsync("PUT", Amqp10Addresses.Exchange(exchange.Name), body, cancellationToken).ConfigureAwait(false);
        ThrowUnlessSuccess("exchange", exchange.Name, status, response);
    }

    private static async Task DeclareQueueAsync(Amqp10ManagementClient management, string name, QueueDeclaration queue, CancellationToken cancellationToken)
    {
        Amqp10Value body = Amqp10Value.Map(
            Amqp10Value.String("durable"), Amqp10Value.Boolean(queue.Durable),
            Amqp10Value.String("exclusive"), Amqp10Value.Boolean(queue.Exclusive),
            Amqp10Value.String("auto_delete"), Amqp10Value.Boolean(queue.AutoDelete),
            Amqp10Value.String("arguments"), Amqp10HeaderValues.Map(name, queue.Arguments));
        (string status, Amqp10Value? response) = await management.RequestAsync("PUT", Amqp10Addresses.Queue(name), body, cancellationToken).ConfigureAwait(false);
        ThrowUnlessSuccess("queue", name, status, response);
    }

    private static async Task VerifyQueueAsync(Amqp10ManagementClient management, string name, CancellationToken cancellationToken)
    {
        (string status, Amqp10Value? response) = await management.RequestAsync("GET", Amqp10Addresses.Queue(name), body: null, cancellationToken).ConfigureAwait(false);
        ThrowUnlessSuccess("queue", name, status, response);
    }

    /// <summary>
    /// RabbitMQ 4.0's management node has no GET for exchanges; attaching a sender to <c>/exchanges/{name}</c> does
    /// check it: the broker refuses a missing exchange with amqp:not-found (ending the session, so a session of its own).
    /// </summary>
    private static async Task VerifyExchangeAsync(Amqp10Connection connection, string name, CancellationToken cancellationToken)
    {
        if (name.Length == 0) return;
        Amqp10Session session = await connection.BeginSessionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Amqp10SenderLink probe = await session.AttachSenderAsync($"typedamqp-verify-{Guid.NewGuid():N}", Amqp10Addresses.Exchange(name), cancellationToken).ConfigureAwait(false);
            await probe.DetachAsync(cancellationToken).ConfigureAwait(false);
            await session.EndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Amqp10ClosedException closed) when (closed.Condition == Amqp10Conditions.NotFound)
        {
            // The broker ended the probe's session itself.
            throw new Amqp10TopologyException("exchange", name, "404", closed.Error?.Description ?? "not found", closed);
        }
        catch
        {
            await EndQuietlyAsync(session).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task EndQuietlyAsync(Amqp10Session session)
    {
        try
        {
            await session.EndAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (AmqpException)
        {
            // Ended by the peer or lost with the connection already.
        }
    }

    private static async Task BindAsync(Amqp10ManagementClient management, BindingDeclaration binding, string destination, CancellationToken cancellationToken)
    {
        Amqp10Value body = Amqp10Value.Map(
            Amqp10Value.String("source"), Amqp10Value.String(binding.Source),
            Amqp10Value.String(binding.DestinationIsExchange ? "destination_exchange" : "destination_queue"), Amqp10Value.String(destination),
            Amqp10Value.String("binding_key"), Amqp10Value.String(binding.RoutingKey),
            Amqp10Value.String("arguments"), Amqp10HeaderValues.Map(binding.Source, binding.Arguments));
        (string status, Amqp10Value? response) = await management.RequestAsync("POST", "/bindings", body, cancellationToken).ConfigureAwait(false);
        ThrowUnlessSuccess("binding", $"{binding.Source} → {destination} ({binding.RoutingKey})", status, response);
    }

    /// <summary>2xx is success (RabbitMQ answers 200, 201 or 204); anything else carries its explanation as a string body.</summary>
    private static void ThrowUnlessSuccess(string kind, string name, string status, Amqp10Value? response)
    {
        if (status.Length == 3 && status[0] == '2') return;
        string reason = response is { Type: Amqp10Type.String } text ? text.AsText : response?.ToString() ?? "no explanation";
        throw new Amqp10TopologyException(kind, name, status, reason);
    }
}
