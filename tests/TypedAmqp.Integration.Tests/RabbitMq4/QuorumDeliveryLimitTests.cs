using System.Collections.Concurrent;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;
using TypedAmqp.RabbitMq4Contracts;
using Xunit.Abstractions;

namespace TypedAmqp.Integration.RabbitMq4;

/// <summary>
/// RabbitMQ 4 gives every quorum queue a delivery limit of 20 when none is declared (3.x had none): a message
/// requeued by its consumers again and again is dead-lettered after that, or dropped when the queue has no
/// dead-letter exchange. Each test asserts what the broker it runs against does.
/// </summary>
public sealed class QuorumDeliveryLimitTests(ITestOutputHelper output)
{
    /// <summary>RabbitMQ 4.0's default x-delivery-limit for quorum queues.</summary>
    private const int DefaultLimit = 20;

    /// <summary>Where a 3.x test stops the endless redeliveries itself (by acking): well past the 4.x limit.</summary>
    private const int PastTheLimit = DefaultLimit + 5;

    public enum Requeue { Nack, Reject }

    [BrokerTheory]
    [InlineData(Requeue.Nack)]
    [InlineData(Requeue.Reject)]
    public async Task A_quorum_queue_without_a_delivery_limit_or_dead_letter_exchange_drops_a_requeued_message_after_20_redeliveries_on_4x_only(Requeue how)
    {
        await using AmqpConnection connection = await Broker.ConnectAsync("rmq4-delivery-limit");
        bool four = ServerVersion.IsAtLeast4(connection);
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        string queue = Broker.UniqueName("rmq4.limit");
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        try
        {
            var counts = new ConcurrentQueue<(long? DeliveryCount, bool Redelivered)>();
            var stoppedRequeuing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using AmqpChannel consuming = await connection.OpenChannelAsync();
            await consuming.BasicQosAsync(1);
            await using AmqpConsumer consumer = await consuming.ConsumeAsync(queue, async (delivery, ct) =>
            {
                counts.Enqueue((DeliveryCount(delivery.Properties.Headers), delivery.Redelivered));
                if (counts.Count >= PastTheLimit)
                {
                    await delivery.AckAsync(ct);
                    stoppedRequeuing.TrySetResult();
                }
                else if (how == Requeue.Nack) await delivery.NackAsync(requeue: true, ct);
                else await delivery.RejectAsync(requeue: true, ct);
            });

            await channel.PublishAsync("", queue, "poison"u8.ToArray(), new BasicProperties { DeliveryMode = DeliveryMode.Persistent });

            if (four)
            {
                // Delivered once and redelivered 20 times; then the broker drops it: no 22nd delivery, an empty queue.
                await Eventually.AssertAsync(() => counts.Count >= DefaultLimit + 1, TimeSpan.FromSeconds(20), "the 21st delivery");
                await Task.Delay(TimeSpan.FromSeconds(2));
                Assert.False(stoppedRequeuing.Task.IsCompleted);
                Assert.Equal(DefaultLimit + 1, counts.Count);
                Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(queue)).MessageCount);
            }
            else
            {
                // No limit on 3.x: still redelivered past 20, until the handler acks it.
                await stoppedRequeuing.Task.WaitAsync(TimeSpan.FromSeconds(20));
                Assert.Equal(PastTheLimit, counts.Count);
            }

            // Either way the header counts the earlier deliveries: absent on the first, then 1, 2, 3...
            (long? DeliveryCount, bool Redelivered)[] seen = [.. counts];
            output.WriteLine($"RabbitMQ {ServerVersion.Of(connection)}, {how}: {seen.Length} deliveries, x-delivery-count {string.Join(",", seen.Select(s => s.DeliveryCount?.ToString() ?? "-"))}");
            Assert.Equal([null, .. Enumerable.Range(1, seen.Length - 1).Select(i => (long?)i)], seen.Select(s => s.DeliveryCount));
            Assert.Equal([false, .. Enumerable.Repeat(true, seen.Length - 1)], seen.Select(s => s.Redelivered));
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    private sealed class AlwaysFailingWorker : IRequeuingWorker
    {
        public ConcurrentQueue<(long? DeliveryCount, bool Redelivered)> Seen { get; } = new();

        public TaskCompletionSource Acked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask Handle(Rmq4Job job, MessageContext context, CancellationToken cancellationToken)
        {
            Seen.Enqueue((DeliveryCount(context.Headers), context.Redelivered));
            if (Seen.Count < PastTheLimit) throw new InvalidOperationException($"{job.Id} fails on delivery {Seen.Count}");
            Acked.TrySetResult(); // only reached where the broker has no limit (3.x)
            return ValueTask.CompletedTask;
        }
    }

    [BrokerFact]
    public async Task A_generated_quorum_consumer_that_requeues_failures_gets_its_message_dead_lettered_at_the_4x_default_limit_and_sees_the_brokers_delivery_count()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync("rmq4-generated-delivery-limit");
        bool four = ServerVersion.IsAtLeast4(connection);
        await using var messaging = new AmqpMessaging(connection);
        await messaging.DeclareAsync(Rmq4Topology.Description);
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        try
        {
            await channel.QueuePurgeAsync("typedamqp.rmq4.requeued.work");
            await channel.QueuePurgeAsync("typedamqp.rmq4.requeued.dead-letters");
            var worker = new AlwaysFailingWorker();
            await using (AmqpConsumer consumer = await Rmq4Topology.StartRequeuingWorkerAsync(messaging, worker))
            {
                string id = Guid.NewGuid().ToString("N");
                await Rmq4Topology.RequeuedJobs(messaging).Submit(new Rmq4Job(id));

                if (four)
                {
                    GetResult? dead = await PollAsync(channel, "typedamqp.rmq4.requeued.dead-letters", TimeSpan.FromSeconds(20));
                    Assert.NotNull(dead);
                    Assert.Contains(id, System.Text.Encoding.UTF8.GetString(dead.Body.Span));
                    Dictionary<string, object?> death = Assert.IsType<Dictionary<string, object?>>(Assert.Single(Assert.IsType<List<object?>>(dead.Properties.Headers!["x-death"])));
                    Assert.Equal("delivery_limit", death["reason"]);
                    Assert.Equal("typedamqp.rmq4.requeued.work", death["queue"]);
                    await dead.AckAsync();
                    Assert.Equal(DefaultLimit + 1, worker.Seen.Count);
                    Assert.False(worker.Acked.Task.IsCompleted);
                }
                else
                {
                    await worker.Acked.Task.WaitAsync(TimeSpan.FromSeconds(20));
                    Assert.Equal(PastTheLimit, worker.Seen.Count);
                    Assert.Null(await channel.BasicGetAsync("typedamqp.rmq4.requeued.dead-letters"));
                }
            }

            // The handler's view of the redeliveries is the broker's: MessageContext.Headers carries x-delivery-count.
            (long? DeliveryCount, bool Redelivered)[] seen = [.. worker.Seen];
            output.WriteLine($"RabbitMQ {ServerVersion.Of(connection)}: handler called {seen.Length} times, x-delivery-count {string.Join(",", seen.Select(s => s.DeliveryCount?.ToString() ?? "-"))}");
            Assert.Equal([null, .. Enumerable.Range(1, seen.Length - 1).Select(i => (long?)i)], seen.Select(s => s.DeliveryCount));
            Assert.Equal([false, .. Enumerable.Repeat(true, seen.Length - 1)], seen.Select(s => s.Redelivered));
            Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync("typedamqp.rmq4.requeued.work")).MessageCount);
        }
        finally
        {
            // Everything the contracts declared: the shared broker keeps nothing of this test.
            foreach (QueueDeclaration queue in Rmq4Topology.Description.Queues) await channel.QueueDeleteAsync(queue.Name);
            foreach (ExchangeDeclaration exchange in Rmq4Topology.Description.Exchanges) await channel.ExchangeDeleteAsync(exchange.Name);
        }
    }

    private static long? DeliveryCount(Dictionary<string, object?>? headers) =>
        headers is not null && headers.TryGetValue("x-delivery-count", out object? value)
            ? value switch { long l => l, int i => i, short s => s, byte b => b, _ => throw new InvalidOperationException($"x-delivery-count is a {value?.GetType().Name}") }
            : null;

    internal static async Task<GetResult?> PollAsync(AmqpChannel channel, string queue, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await channel.BasicGetAsync(queue) is { } result) return result;
            await Task.Delay(50);
        }

        return null;
    }
}
