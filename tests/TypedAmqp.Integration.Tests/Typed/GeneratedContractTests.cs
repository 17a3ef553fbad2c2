using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Messaging;
using TypedAmqp.Observability;

namespace TypedAmqp.Integration.Typed;

/// <summary>Generated publishers and dispatchers against the real broker. One class, so its tests share the contract's queues one at a time.</summary>
public sealed class GeneratedContractTests : IAsyncLifetime
{
    private AmqpConnection _connection = null!;
    private AmqpMessaging _messaging = null!;
    private readonly RecordingFulfilment _handler = new();

    public async Task InitializeAsync()
    {
        if (!Broker.IsCi && !Broker.IsReachable) return;
        _connection = await Broker.ConnectAsync("generated-contract-tests");
        _messaging = new AmqpMessaging(_connection);
        await _messaging.DeclareAsync(MessagingTopology.Description);
        await using AmqpChannel channel = await _connection.OpenChannelAsync();
        await channel.QueuePurgeAsync("typedamqp.it.fulfilment");
        await channel.QueuePurgeAsync("typedamqp.it.dead-letters");
    }

    public async Task DisposeAsync()
    {
        if (_connection is null) return;
        await _messaging.DisposeAsync();
        await _connection.CloseAsync();
    }

    [BrokerFact]
    public async Task Messages_published_through_the_generated_publisher_reach_the_generated_consumer()
    {
        await using IMessageSubscription consumer = await _messaging.StartFulfilmentAsync(_handler);
        IOrderFeed feed = _messaging.CreateOrderFeedPublisher();
        var placed = new OrderPlaced(Guid.NewGuid(), "eu", 12.5m);
        var shipped = new OrderShipped(placed.Id);

        await feed.Placed(placed);
        await feed.Shipped(shipped, new PublishOptions { CorrelationId = "corr-1", Headers = new() { ["source"] = "test" } });
        await feed.PlacedMany([new OrderPlaced(Guid.NewGuid(), "us", 1m), new OrderPlaced(Guid.NewGuid(), "apac", 2m)]);

        await _handler.WaitForAsync(4);
        Assert.Contains(_handler.Placed, p => p.Order == placed && p.RoutingKey == "order.placed.eu" && p.Type == "it.order-placed");
        Assert.Contains(_handler.Placed, p => p.RoutingKey == "order.placed.us");
        Assert.Contains(_handler.Placed, p => p.RoutingKey == "order.placed.apac");
        Assert.Equal([shipped], _handler.Shipped);
    }

    [BrokerFact]
    public async Task A_body_that_does_not_deserialize_is_dead_lettered_and_consumption_goes_on()
    {
        await using IMessageSubscription consumer = await _messaging.StartFulfilmentAsync(_handler);
        await using AmqpChannel raw = await _connection.OpenChannelAsync();

        await raw.PublishAsync("typedamqp.it.orders", "order.placed.eu", "{ not json"u8.ToArray(), new BasicProperties { Type = "it.order-placed", MessageId = "poison" });
        await raw.PublishAsync("typedamqp.it.orders", "order.placed.eu", "{}"u8.ToArray(), new BasicProperties { Type = "it.something-else", MessageId = "unknown" });
        IOrderFeed feed = _messaging.CreateOrderFeedPublisher();
        var good = new OrderPlaced(Guid.NewGuid(), "eu", 3m);
        await feed.Placed(good);

        await _handler.WaitForAsync(1);
        Assert.Equal(good, Assert.Single(_handler.Placed).Order);
        var deadLettered = new Dictionary<string, string>();
        for (int attempt = 0; attempt < 100 && deadLettered.Count < 2; attempt++)
        {
            GetResult? result = await raw.BasicGetAsync("typedamqp.it.dead-letters", autoAck: true);
            if (result is null) await Task.Delay(50);
            else deadLettered[result.Properties.MessageId!] = (string)result.Properties.Headers!["x-typedamqp-dead-letter-reason"]!;
        }

        Assert.Equal(["poison", "unknown"], deadLettered.Keys.Order());
        Assert.Contains("not a valid 'it.order-placed'", deadLettered["poison"]);
        Assert.Contains("no handler for message type 'it.something-else'", deadLettered["unknown"]);
    }

    [BrokerFact]
    public async Task An_unroutable_publish_fails_with_the_brokers_return()
    {
        IOrderFeed feed = _messaging.CreateOrderFeedPublisher();

        PublishException error = await Assert.ThrowsAsync<PublishException>(async () => await feed.Lost(new OrderShipped(Guid.NewGuid())));

        Assert.True(error.IsReturn);
        Assert.Equal(ReplyCode.NoRoute, error.ReplyCode);
        Assert.Contains("nobody.listens", error.Message);
    }

    [BrokerFact]
    public async Task Declaring_the_topology_again_is_idempotent_and_verify_mode_finds_it()
    {
        await _messaging.DeclareAsync(MessagingTopology.Description);
        await _messaging.DeclareAsync(MessagingTopology.Description, TopologyMode.Verify);
        string[] exchanges = MessagingTopology.Description.Exchanges.Select(e => e.Name).ToArray();
        Assert.Contains("typedamqp.it.orders", exchanges);
        Assert.Contains("typedamqp.it.dead", exchanges);
        Assert.Equal(exchanges.Length, exchanges.Distinct().Count());
    }

    [BrokerFact]
    public async Task The_consumer_span_continues_the_producer_trace_and_metrics_count_the_message()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TypedAmqpTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new ConcurrentDictionary<string, long>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == TypedAmqpTelemetry.Name) l.EnableMeasurementEvents(instrument); },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        meters.SetMeasurementEventCallback<int>((instrument, value, _, _) => measurements.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        meters.SetMeasurementEventCallback<double>((instrument, _, _, _) => measurements.AddOrUpdate(instrument.Name, 1, (_, total) => total + 1));
        meters.Start();

        await using IMessageSubscription consumer = await _messaging.StartFulfilmentAsync(_handler);
        IOrderFeed feed = _messaging.CreateOrderFeedPublisher();
        var order = new OrderPlaced(Guid.NewGuid(), "traced", 1m);
        await feed.Placed(order);
        await _handler.WaitForAsync(1);
        await Task.Delay(100); // the consumer span ends just after the handler returns

        Activity publish = Assert.Single(activities, a => a.Kind == ActivityKind.Producer && (string?)a.GetTagItem("messaging.rabbitmq.destination.routing_key") == "order.placed.traced");
        Activity process = Assert.Single(activities, a => a.Kind == ActivityKind.Consumer && (string?)a.GetTagItem("messaging.rabbitmq.destination.routing_key") == "order.placed.traced");
        Assert.Equal("rabbitmq", publish.GetTagItem("messaging.system"));
        Assert.Equal("typedamqp.it.orders:order.placed.traced", publish.GetTagItem("messaging.destination.name"));
        Assert.Equal("typedamqp.it.orders:order.placed.{Region}", publish.GetTagItem("messaging.destination.template"));
        Assert.Equal("it.order-placed", process.GetTagItem("typedamqp.message.type"));
        Assert.Equal("process typedamqp.it.orders:order.placed.{Region}:typedamqp.it.fulfilment", process.DisplayName);
        Assert.Equal(publish.GetTagItem("messaging.message.id"), process.GetTagItem("messaging.message.id"));
        Assert.Equal(publish.TraceId, process.TraceId);
        Assert.Equal(publish.SpanId, process.ParentSpanId);

        meters.RecordObservableInstruments();
        Assert.True(measurements.GetValueOrDefault("messaging.client.sent.messages") >= 1);
        Assert.True(measurements.GetValueOrDefault("messaging.client.operation.duration") >= 1);
        Assert.True(measurements.GetValueOrDefault("messaging.client.consumed.messages") >= 1);
        Assert.True(measurements.GetValueOrDefault("messaging.process.duration") >= 1);
        Assert.True(measurements.GetValueOrDefault("typedamqp.client.connections") >= 1);
    }

    private sealed class RecordingFulfilment : IFulfilment
    {
        private readonly SemaphoreSlim _received = new(0);

        public ConcurrentQueue<(OrderPlaced Order, string RoutingKey, string Type)> Placed { get; } = new();

        public ConcurrentQueue<OrderShipped> Shipped { get; } = new();

        public ValueTask Handle(OrderPlaced order, MessageContext context, CancellationToken cancellationToken)
        {
            Placed.Enqueue((order, context.RoutingKey, context.MessageType));
            _received.Release();
            return ValueTask.CompletedTask;
        }

        public Task Handle(OrderShipped order)
        {
            Shipped.Enqueue(order);
            _received.Release();
            return Task.CompletedTask;
        }

        public async Task WaitForAsync(int count)
        {
            for (int i = 0; i < count; i++)
            {
                Assert.True(await _received.WaitAsync(TimeSpan.FromSeconds(10)), $"only {i} of {count} messages arrived");
            }
        }
    }
}
