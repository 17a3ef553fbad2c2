using System.Text;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration;

public sealed class TopologyAndPublishingTests
{
    [BrokerFact]
    public async Task Topic_exchange_queue_and_binding_route_a_published_message()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        string exchange = Broker.UniqueName("topic");
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: false, autoDelete: true);
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        Assert.StartsWith("amq.gen-", queue.QueueName);
        await channel.QueueBindAsync(queue.QueueName, exchange, "order.created.*");

        await channel.PublishAsync(exchange, "order.created.eu", "hello"u8.ToArray(), new BasicProperties { ContentType = "text/plain" });
        await channel.PublishAsync(exchange, "order.cancelled", "not routed"u8.ToArray());

        GetResult? result = await PollAsync(channel, queue.QueueName);
        Assert.NotNull(result);
        Assert.Equal("hello", Encoding.UTF8.GetString(result.Body.Span));
        Assert.Equal("order.created.eu", result.RoutingKey);
        Assert.Equal(exchange, result.Exchange);
        Assert.Equal("text/plain", result.Properties.ContentType);
        await result.AckAsync();
        Assert.Null(await channel.BasicGetAsync(queue.QueueName));
        await channel.ExchangeDeleteAsync(exchange);
    }

    [BrokerFact]
    public async Task Ten_thousand_confirmed_messages_are_consumed_with_contents_and_properties_intact()
    {
        const int count = 10_000;
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel publisher = await connection.OpenChannelAsync();
        await using AmqpChannel consumerChannel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await publisher.QueueDeclareAsync(Broker.UniqueName("bulk"), durable: false, autoDelete: false, exclusive: true);
        await publisher.ConfirmSelectAsync();

        var properties = new BasicProperties
        {
            ContentType = "application/octet-stream",
            ContentEncoding = "identity",
            DeliveryMode = DeliveryMode.Persistent,
            Priority = 3,
            CorrelationId = "corr",
            ReplyTo = "reply-queue",
            Expiration = "600000",
            Type = "test.bulk",
            AppId = "integration-tests",
            Timestamp = new AmqpTimestamp(1_700_000_000),
            Headers = new Dictionary<string, object?> { ["int"] = 42, ["text"] = "héllo", ["nested"] = new Dictionary<string, object?> { ["flag"] = true } },
        };

        var pending = new List<Task>(count);
        for (int i = 0; i < count; i++)
        {
            properties.MessageId = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            pending.Add(publisher.PublishAsync("", queue.QueueName, BitConverter.GetBytes(i), properties).AsTask());
        }

        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(60));

        await consumerChannel.BasicQosAsync(500);
        var seen = new bool[count];
        int received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? failure = null;
        await using AmqpConsumer consumer = await consumerChannel.ConsumeAsync(queue.QueueName, async (delivery, ct) =>
        {
            int index = BitConverter.ToInt32(delivery.Body.Span);
            MessageProperties p = delivery.Properties;
            if (p.MessageId != index.ToString(System.Globalization.CultureInfo.InvariantCulture) || p.Type != "test.bulk" || p.Priority != 3
                || p.Persistent != true || p.Timestamp != DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) || p.CorrelationId != "corr"
                || p.ReplyTo != "reply-queue" || p.TimeToLive != TimeSpan.FromMinutes(10) || p.ToBasicProperties().Expiration != "600000" || p.AppId != "integration-tests" || p.ContentEncoding != "identity"
                || p.Headers is not { } headers || (int)headers["int"]! != 42 || (string)headers["text"]! != "héllo"
                || !(bool)((Dictionary<string, object?>)headers["nested"]!)["flag"]!)
            {
                failure ??= $"message {index} came back with different properties: {p}";
            }

            seen[index] = true;
            await delivery.AckAsync(ct);
            if (Interlocked.Increment(ref received) == count) done.TrySetResult();
        });

        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Null(failure);
        Assert.All(seen, Assert.True);
    }

    [BrokerFact]
    public async Task Mandatory_publish_to_an_unroutable_key_is_returned()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        string exchange = Broker.UniqueName("direct");
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Direct, durable: false, autoDelete: false);
        var returned = new TaskCompletionSource<ReturnedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.MessageReturned += (_, message) => returned.TrySetResult(message);

        await channel.PublishAsync(exchange, "nobody.listens", "lost?"u8.ToArray(), new BasicProperties { MessageId = "m-1" }, mandatory: true);

        ReturnedMessage message = await returned.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ReplyCode.NoRoute, message.ReplyCode);
        Assert.Equal("nobody.listens", message.RoutingKey);
        Assert.Equal(exchange, message.Exchange);
        Assert.Equal("m-1", message.Properties.MessageId);
        Assert.Equal("lost?", Encoding.UTF8.GetString(message.Body.Span));
        await channel.ExchangeDeleteAsync(exchange);
    }

    [BrokerFact]
    public async Task A_message_larger_than_frame_max_round_trips()
    {
        AmqpConnectionOptions options = Broker.Options();
        options.FrameMax = 4096;
        await using AmqpConnection connection = await AmqpConnection.ConnectAsync(options);
        Assert.Equal(4096u, connection.FrameMax);
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        byte[] body = new byte[1_000_000];
        new Random(7).NextBytes(body);

        await channel.ConfirmSelectAsync();
        await channel.PublishAsync("", queue.QueueName, body);

        GetResult? result = await PollAsync(channel, queue.QueueName);
        Assert.NotNull(result);
        Assert.True(body.AsSpan().SequenceEqual(result.Body.Span));
    }

    [BrokerFact]
    public async Task Body_writer_publish_sends_what_the_serializer_wrote()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.ConfirmSelectAsync();

        await channel.PublishAsync("", queue.QueueName, "order-17", static (buffer, id) =>
        {
            using var json = new System.Text.Json.Utf8JsonWriter(buffer);
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteEndObject();
        });

        GetResult? result = await PollAsync(channel, queue.QueueName);
        Assert.Equal("{\"id\":\"order-17\"}", Encoding.UTF8.GetString(result!.Body.Span));
    }

    [BrokerFact]
    public async Task Publisher_confirms_with_many_in_flight_all_complete()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.ConfirmSelectAsync();
        Assert.Equal(1UL, channel.NextPublishSequenceNumber);

        ValueTask[] inFlight = new ValueTask[256];
        for (int i = 0; i < inFlight.Length; i++) inFlight[i] = channel.PublishAsync("", queue.QueueName, new byte[16]);
        foreach (ValueTask confirm in inFlight) await confirm;

        Assert.Equal(257UL, channel.NextPublishSequenceNumber);
        QueueDeclareResult counts = await channel.QueueDeclarePassiveAsync(queue.QueueName);
        Assert.Equal(256u, counts.MessageCount);
        Assert.Equal(256u, await channel.QueuePurgeAsync(queue.QueueName));
    }

    [BrokerFact]
    public async Task Exchange_to_exchange_binding_routes_through_both_exchanges()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        string source = Broker.UniqueName("source");
        string destination = Broker.UniqueName("destination");
        await channel.ExchangeDeclareAsync(source, ExchangeType.Fanout, durable: false, autoDelete: false);
        await channel.ExchangeDeclareAsync(destination, ExchangeType.Direct, durable: false, autoDelete: false);
        await channel.ExchangeBindAsync(destination, source, "");
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, destination, "key");

        await channel.PublishAsync(source, "key", "via e2e"u8.ToArray());
        Assert.NotNull(await PollAsync(channel, queue.QueueName));

        await channel.ExchangeUnbindAsync(destination, source, "");
        await channel.QueueUnbindAsync(queue.QueueName, destination, "key");
        await channel.ExchangeDeleteAsync(source);
        await channel.ExchangeDeleteAsync(destination);
    }

    [BrokerFact]
    public async Task Transactions_publish_only_on_commit()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.TxSelectAsync();

        await channel.PublishAsync("", queue.QueueName, "rolled back"u8.ToArray());
        await channel.TxRollbackAsync();
        await channel.PublishAsync("", queue.QueueName, "committed"u8.ToArray());
        await channel.TxCommitAsync();

        GetResult? result = await channel.BasicGetAsync(queue.QueueName, autoAck: true);
        Assert.Equal("committed", Encoding.UTF8.GetString(result!.Body.Span));
        Assert.Null(await channel.BasicGetAsync(queue.QueueName, autoAck: true));
    }

    internal static async Task<GetResult?> PollAsync(AmqpChannel channel, string queue)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            GetResult? result = await channel.BasicGetAsync(queue);
            if (result is not null) return result;
            await Task.Delay(50);
        }

        return null;
    }
}

public sealed class ReturnCorrelationTests
{
    [BrokerFact]
    public async Task A_returned_mandatory_publish_fails_its_confirm_while_routable_ones_succeed()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        string exchange = Broker.UniqueName("returns");
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Direct, durable: false, autoDelete: false);
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, exchange, "routable");
        await channel.ConfirmSelectAsync();
        var returned = new TaskCompletionSource<ReturnedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.MessageReturned += (_, message) => returned.TrySetResult(message);

        Task routed = channel.PublishAsync(exchange, "routable", new byte[1], mandatory: true).AsTask();
        Task unroutable = channel.PublishAsync(exchange, "nowhere", new byte[1], new BasicProperties { Headers = new() { ["mine"] = "kept" } }, mandatory: true).AsTask();

        await routed;
        PublishException error = await Assert.ThrowsAsync<PublishException>(() => unroutable);
        Assert.True(error.IsReturn);
        Assert.Equal(ReplyCode.NoRoute, error.ReplyCode);
        Assert.Equal(2UL, error.SequenceNumber);
        Assert.Contains("nowhere", error.Message);
        ReturnedMessage message = await returned.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("kept", message.Properties.Headers!["mine"]);
        Assert.False(message.Properties.Headers.ContainsKey("x-typedamqp-publish-seq"));
        await channel.ExchangeDeleteAsync(exchange);
    }
}
