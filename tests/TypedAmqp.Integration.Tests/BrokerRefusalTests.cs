using TypedAmqp.Amqp091;
using TypedAmqp.BrokerRefusals;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration;

/// <summary>
/// Each rule the generator enforces because "the broker refuses this": the declaration the generator emitted for a
/// contract breaking the rule (tests/TypedAmqp.BrokerRefusals, diagnostics suppressed there) is refused by the real
/// broker with the reply code the diagnostic promises, and the connection survives it.
/// </summary>
public sealed class BrokerRefusalTests
{
    public static TheoryData<string, string, ushort> Queues => new()
    {
        { "TAMQP009", "typedamqp.refused.009.quorum-exclusive", 406 },
        { "TAMQP009", "typedamqp.refused.009.quorum-transient", 406 },
        { "TAMQP009", "typedamqp.refused.009.quorum-priority", 406 },
        { "TAMQP009", "typedamqp.refused.009.stream-max-length", 406 },
        { "TAMQP009", "typedamqp.refused.009.stream-ttl", 406 },
        { "TAMQP009", "typedamqp.refused.009.classic-delivery-limit", 406 },
        { "TAMQP009", "typedamqp.refused.009.routing-key-without-dlx", 406 },
        { "TAMQP027", "typedamqp.refused.027.ttl-as-string", 406 },
        { "TAMQP027", "typedamqp.refused.027.negative-ttl", 406 },
        { "TAMQP027", "typedamqp.refused.027.expires-too-large", 406 },
        { "TAMQP027", "typedamqp.refused.027.unknown-overflow", 406 },
        { "TAMQP027", "typedamqp.refused.027.single-active-as-string", 406 },
        { "TAMQP008", "amq.typedamqp.refused.008.reserved-prefix", 403 },
    };

    public static TheoryData<string, string, ushort> Bindings => new()
    {
        { "TAMQP003", "typedamqp.refused.003.undeclared-exchange", 404 },
        { "TAMQP032", "typedamqp.refused.032.x-match", 406 },
        { "TAMQP045", "typedamqp.refused.045.default-exchange", 403 },
    };

    [BrokerTheory]
    [MemberData(nameof(Queues))]
    public async Task The_broker_refuses_the_queue_declaration(string rule, string queue, ushort replyCode)
    {
        QueueDeclaration declaration = Assert.Single(RefusedTopology.Description.Queues, q => q.Name == queue);
        await ExpectRefusalAsync(rule, replyCode, channel => DeclareAsync(channel, declaration));
    }

    [BrokerTheory]
    [MemberData(nameof(Bindings))]
    public async Task The_broker_refuses_the_binding(string rule, string queue, ushort replyCode)
    {
        BindingDeclaration binding = Assert.Single(RefusedTopology.Description.Bindings, b => b.Destination == queue);
        QueueDeclaration destination = Assert.Single(RefusedTopology.Description.Queues, q => q.Name == queue);
        await ExpectRefusalAfterSetupAsync(
            rule, replyCode,
            setup: async channel =>
            {
                foreach (ExchangeDeclaration exchange in RefusedTopology.Description.Exchanges.Where(e => e.Name == binding.Source)) await DeclareAsync(channel, exchange);
                await DeclareAsync(channel, destination);
            },
            refused: channel => channel.QueueBindAsync(binding.Destination, binding.Source, binding.RoutingKey, binding.Arguments).AsTask(),
            cleanup: channel => channel.QueueDeleteAsync(destination.Name).AsTask());
    }

    [BrokerFact]
    public async Task TAMQP027_the_broker_refuses_an_alternate_exchange_that_is_not_a_string()
    {
        ExchangeDeclaration exchange = Assert.Single(RefusedTopology.Description.Exchanges, e => e.Name == "typedamqp.refused.027.alternate-as-number");
        await ExpectRefusalAsync("TAMQP027", 406, channel => DeclareAsync(channel, exchange));
    }

    [BrokerFact]
    public async Task TAMQP001_the_broker_refuses_the_second_kind_of_one_exchange()
    {
        // The topology keeps one declaration per name (the direct one); the other contract declares it as topic.
        ExchangeDeclaration first = Assert.Single(RefusedTopology.Description.Exchanges, e => e.Name == "typedamqp.refused.001.kinds");
        Assert.Equal("direct", first.Type);
        await ExpectRefusalAfterSetupAsync(
            "TAMQP001", 406,
            setup: channel => DeclareAsync(channel, first),
            refused: channel => DeclareAsync(channel, first with { Type = "topic" }),
            cleanup: channel => channel.ExchangeDeleteAsync(first.Name).AsTask());
    }

    [BrokerFact]
    public async Task TAMQP002_the_broker_refuses_the_second_settings_of_one_queue()
    {
        // The topology keeps the classic declaration; the other contract declares a quorum queue of the same name.
        QueueDeclaration first = Assert.Single(RefusedTopology.Description.Queues, q => q.Name == "typedamqp.refused.002.settings");
        var quorum = new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = 5 };
        await ExpectRefusalAfterSetupAsync(
            "TAMQP002", 406,
            setup: channel => DeclareAsync(channel, first),
            refused: channel => DeclareAsync(channel, new QueueDeclaration(first.Name, Durable: true, Arguments: quorum)),
            cleanup: channel => channel.QueueDeleteAsync(first.Name).AsTask());
    }

    [BrokerFact]
    public async Task TAMQP033_the_broker_refuses_a_publish_to_the_internal_exchange()
    {
        ExchangeDeclaration exchange = Assert.Single(RefusedTopology.Description.Exchanges, e => e.Name == "typedamqp.refused.033.internal");
        Assert.True(exchange.Internal);
        await ExpectRefusalAfterSetupAsync(
            "TAMQP033", 403,
            setup: channel => DeclareAsync(channel, exchange),
            refused: async channel =>
            {
                await channel.ConfirmSelectAsync();
                await channel.PublishAsync(exchange.Name, "", "probe"u8.ToArray());
            },
            cleanup: channel => channel.ExchangeDeleteAsync(exchange.Name).AsTask());
    }

    [BrokerFact]
    public async Task TAMQP029_the_broker_refuses_a_stream_consumer_without_prefetch()
    {
        QueueDeclaration stream = Assert.Single(RefusedTopology.Description.Queues, q => q.Name == "typedamqp.refused.029.stream");
        Assert.Equal((ushort)0, RefusedTopology.StreamPrefetch);
        await ExpectRefusalAfterSetupAsync(
            "TAMQP029", 406,
            setup: channel => DeclareAsync(channel, stream),
            // The generated prefetch is 0, so (like the host) no basic.qos is sent before consuming.
            refused: async channel =>
            {
                await using AmqpConsumer consumer = await channel.ConsumeAsync(stream.Name, (delivery, ct) => delivery.AckAsync(ct));
            },
            cleanup: channel => channel.QueueDeleteAsync(stream.Name).AsTask());
    }

    /// <summary>Declares what <paramref name="setup"/> needs, expects <paramref name="refused"/> to be refused, then cleans up, on one connection.</summary>
    private static async Task ExpectRefusalAfterSetupAsync(
        string rule, ushort replyCode, Func<AmqpChannel, Task> setup, Func<AmqpChannel, Task> refused, Func<AmqpChannel, Task> cleanup)
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using (AmqpChannel channel = await connection.OpenChannelAsync())
        {
            await setup(channel);
        }

        try
        {
            await ExpectRefusalAsync(rule, replyCode, refused, connection);
        }
        finally
        {
            await using AmqpChannel channel = await connection.OpenChannelAsync();
            await cleanup(channel);
        }
    }

    private static Task DeclareAsync(AmqpChannel channel, ExchangeDeclaration exchange) =>
        channel.ExchangeDeclareAsync(exchange.Name, exchange.Type, exchange.Durable, exchange.AutoDelete, exchange.Internal, exchange.Arguments).AsTask();

    private static Task DeclareAsync(AmqpChannel channel, QueueDeclaration queue) =>
        channel.QueueDeclareAsync(queue.Name, queue.Durable, queue.Exclusive, queue.AutoDelete, queue.Arguments).AsTask();

    /// <summary>Runs <paramref name="operation"/> on a fresh channel; it must fail with the reply code, and the connection must stay usable.</summary>
    private static async Task ExpectRefusalAsync(string rule, ushort replyCode, Func<AmqpChannel, Task> operation, AmqpConnection? shared = null)
    {
        AmqpConnection connection = shared ?? await Broker.ConnectAsync();
        try
        {
            AmqpChannel channel = await connection.OpenChannelAsync();
            AmqpChannelClosedException refused = await Assert.ThrowsAsync<AmqpChannelClosedException>(() => operation(channel));
            Assert.True(refused.ReplyCode == replyCode, $"{rule}: expected reply {replyCode}, got {refused.ReplyCode} ({refused.Message})");
            await channel.DisposeAsync();

            await using AmqpChannel after = await connection.OpenChannelAsync();
            await after.ExchangeDeclarePassiveAsync("amq.direct");
        }
        finally
        {
            if (shared is null) await connection.DisposeAsync();
        }
    }
}
