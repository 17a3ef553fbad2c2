using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;
using TypedAmqp.RabbitMq4Contracts;
using TypedAmqp.Tests.Support;
using Xunit.Abstractions;

namespace TypedAmqp.Integration.RabbitMq4;

/// <summary>
/// A private node (of the version the run targets) whose delivery acknowledgement timeout is 2 s, checked every
/// 500 ms: set at run time, so channels opened afterwards use it. RabbitMQ 3.10 has no per-queue or per-consumer
/// timeout (x-consumer-timeout came in 3.12), so the node-wide setting is what both versions share.
/// </summary>
public sealed class TimeoutBroker : IAsyncLifetime
{
    public const int TimeoutMilliseconds = 2000;

    internal PrivateBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Broker = await PrivateBroker.StartAsync("rmq4-timeout", 5688);
        await Broker.CtlAsync("eval", $"application:set_env(rabbit, consumer_timeout, {TimeoutMilliseconds}), application:set_env(rabbit, channel_tick_interval, 500).");
    }

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

/// <summary>
/// RabbitMQ closes a channel with 406 PRECONDITION_FAILED when one of its deliveries stays unacknowledged longer than
/// consumer_timeout. The consumer must end with that reason, not hang, and the message must come back.
/// </summary>
public sealed class ConsumerTimeoutTests(TimeoutBroker fixture, ITestOutputHelper output) : IClassFixture<TimeoutBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [BrokerFact]
    public async Task A_handler_outliving_the_consumer_timeout_stops_its_consumer_with_the_brokers_406_and_the_message_is_redelivered()
    {
        var log = new RecordingLogger();
        await using AmqpConnection connection = await AmqpConnection.ConnectAsync(fixture.Broker.Uri, log);
        string version = ServerVersion.Of(connection).ToString();
        string queue = await DeclareQueueWithOneMessageAsync(connection, "handler");

        AmqpChannel consuming = await connection.OpenChannelAsync();
        await consuming.BasicQosAsync(1);
        var handlerStarted = new TaskCompletionSource<Stopwatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlerEnded = new TaskCompletionSource<(bool Cancelled, Exception? AckFailure)>(TaskCreationOptions.RunContinuationsAsynchronously);
        AmqpConsumer consumer = await consuming.ConsumeAsync(queue, async (delivery, ct) =>
        {
            handlerStarted.TrySetResult(Stopwatch.StartNew());
            bool cancelled = false;
            try
            {
                await Task.Delay(Bound, ct); // far longer than the timeout
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
            }

            try
            {
                await delivery.AckAsync(CancellationToken.None);
                handlerEnded.TrySetResult((cancelled, null));
            }
            catch (Exception ex)
            {
                handlerEnded.TrySetResult((cancelled, ex));
            }
        });

        Stopwatch sinceDelivery = await handlerStarted.Task.WaitAsync(Bound);
        ConsumerStopReason reason = await consumer.Stopped.WaitAsync(Bound);
        TimeSpan stoppedAfter = sinceDelivery.Elapsed;
        (bool cancelled, Exception? ackFailure) = await handlerEnded.Task.WaitAsync(Bound);
        output.WriteLine($"RabbitMQ {version}: consumer stopped ({reason}) {stoppedAfter.TotalMilliseconds:F0} ms after the delivery: {consuming.CloseReason}; handler token cancelled: {cancelled}; its ack: {ackFailure?.GetType().Name ?? "succeeded"}");

        Assert.Equal(ConsumerStopReason.ChannelClosed, reason);
        AssertTimedOut(consuming.CloseReason);
        Assert.True(stoppedAfter >= TimeSpan.FromMilliseconds(TimeoutBroker.TimeoutMilliseconds - 100), $"stopped after {stoppedAfter}");
        Assert.True(cancelled, "the handler's token was not cancelled when its channel closed");
        Assert.IsType<AmqpChannelClosedException>(ackFailure);
        Assert.Contains(log.Lines, line => line.Contains("timed out", StringComparison.Ordinal));
        Assert.True(connection.IsOpen);

        await AssertRedeliveredAsync(connection, queue, "handler");
        await consumer.DisposeAsync();
    }

    [BrokerFact]
    public async Task Reading_deliveries_without_acking_past_the_consumer_timeout_ends_the_loop_with_the_brokers_406()
    {
        await using AmqpConnection connection = await AmqpConnection.ConnectAsync(fixture.Broker.Uri);
        string queue = await DeclareQueueWithOneMessageAsync(connection, "reader");

        AmqpChannel consuming = await connection.OpenChannelAsync();
        await consuming.BasicQosAsync(1);
        AmqpConsumer consumer = await consuming.ConsumeAsync(queue);
        int received = 0;
        var failure = await Assert.ThrowsAsync<AmqpChannelClosedException>(async () =>
        {
            await foreach (Delivery delivery in consumer.ReadAllAsync().WithCancellation(new CancellationTokenSource(Bound).Token))
            {
                received++; // held, never acked
            }
        });

        Assert.Equal(1, received);
        Assert.Equal(406, failure.ReplyCode);
        Assert.Contains("timed out", failure.Message, StringComparison.Ordinal);
        AssertTimedOut(failure.Reason);
        Assert.Equal(ConsumerStopReason.ChannelClosed, await consumer.Stopped.WaitAsync(Bound));
        await AssertRedeliveredAsync(connection, queue, "reader");
        await consumer.DisposeAsync();
    }

    [BrokerTheory]
    [InlineData("classic", "consumer")]
    [InlineData("classic", "queue")]
    [InlineData("quorum", "consumer")]
    [InlineData("quorum", "queue")]
    [InlineData("classic", "queue-int")]
    public async Task An_x_consumer_timeout_queue_argument_overrides_the_node_timeout_on_4x_only_and_a_consumer_argument_on_neither(string type, string argumentOn)
    {
        // RabbitMQ documents both (from 3.12): on queue.declare and on basic.consume. 4.0.5 applies the queue's and
        // ignores the consumer's; 3.10.8 knows neither. Both accept the arguments without complaint.
        await using AmqpConnection connection = await AmqpConnection.ConnectAsync(fixture.Broker.Uri);
        bool applies = argumentOn.StartsWith("queue", StringComparison.Ordinal) && ServerVersion.IsAtLeast4(connection);
        var longer = new Dictionary<string, object?> { ["x-consumer-timeout"] = 60_000L };
        string body = $"argument-{type}-{argumentOn}";
        IReadOnlyDictionary<string, object?>? queueArguments = argumentOn switch
        {
            "queue" => longer,
            "queue-int" => new Dictionary<string, object?> { ["x-consumer-timeout"] = 60_000 }, // a 32-bit field-table integer
            _ => null,
        };
        string queue = await DeclareQueueWithOneMessageAsync(connection, body, type, queueArguments);
        try
        {
            AmqpChannel consuming = await connection.OpenChannelAsync();
            await consuming.BasicQosAsync(1);
            AmqpConsumer consumer = await consuming.ConsumeAsync(queue, new ConsumerOptions { Arguments = argumentOn == "consumer" ? longer : null });
            var stopwatch = Stopwatch.StartNew();
            await using (IAsyncEnumerator<Delivery> deliveries = consumer.ReadAllAsync().GetAsyncEnumerator())
            {
                Assert.True(await deliveries.MoveNextAsync().AsTask().WaitAsync(Bound)); // held, never acked
                if (applies)
                {
                    // 60 s for this queue: still open at three times the node's timeout.
                    await Task.Delay(TimeSpan.FromMilliseconds(3 * TimeoutBroker.TimeoutMilliseconds));
                    Assert.False(consumer.Stopped.IsCompleted, $"stopped: {consuming.CloseReason}");
                    Assert.True(consuming.IsOpen);
                }
                else
                {
                    Assert.Equal(ConsumerStopReason.ChannelClosed, await consumer.Stopped.WaitAsync(Bound));
                    AssertTimedOut(consuming.CloseReason);
                    Assert.Contains($"Timeout value used: {TimeoutBroker.TimeoutMilliseconds} ms", consuming.CloseReason!.ReplyText, StringComparison.Ordinal);
                }
            }

            output.WriteLine($"RabbitMQ {ServerVersion.Of(connection)}, {type} queue, x-consumer-timeout 60000 on the {argumentOn}: " +
                (consuming.CloseReason is { } closed ? $"closed after {stopwatch.ElapsedMilliseconds} ms: {closed}" : $"still open after {stopwatch.ElapsedMilliseconds} ms"));
            await consumer.DisposeAsync();
            await consuming.DisposeAsync(); // requeues the held delivery where the broker did not
            await AssertRedeliveredAsync(connection, queue, body);
        }
        finally
        {
            await using AmqpChannel cleanup = await connection.OpenChannelAsync();
            await cleanup.QueueDeleteAsync(queue);
        }
    }

    [BrokerFact]
    public async Task An_x_consumer_timeout_queue_argument_below_the_node_timeout_applies_on_4x_only()
    {
        // The node's timeout raised to 60 s for this test only (the class's tests run one at a time).
        await fixture.Broker.CtlAsync("eval", "application:set_env(rabbit, consumer_timeout, 60000).");
        try
        {
            await using AmqpConnection connection = await AmqpConnection.ConnectAsync(fixture.Broker.Uri);
            bool four = ServerVersion.IsAtLeast4(connection);
            string queue = await DeclareQueueWithOneMessageAsync(connection, "argument-lower", "classic", new Dictionary<string, object?> { ["x-consumer-timeout"] = 2000L });
            try
            {
                AmqpChannel consuming = await connection.OpenChannelAsync();
                await consuming.BasicQosAsync(1);
                AmqpConsumer consumer = await consuming.ConsumeAsync(queue);
                var stopwatch = Stopwatch.StartNew();
                await using (IAsyncEnumerator<Delivery> deliveries = consumer.ReadAllAsync().GetAsyncEnumerator())
                {
                    Assert.True(await deliveries.MoveNextAsync().AsTask().WaitAsync(Bound)); // held, never acked
                    if (four)
                    {
                        Assert.Equal(ConsumerStopReason.ChannelClosed, await consumer.Stopped.WaitAsync(Bound));
                        AssertTimedOut(consuming.CloseReason);
                        Assert.Contains("Timeout value used: 2000 ms", consuming.CloseReason!.ReplyText, StringComparison.Ordinal);
                    }
                    else
                    {
                        await Task.Delay(TimeSpan.FromSeconds(6));
                        Assert.False(consumer.Stopped.IsCompleted, $"stopped: {consuming.CloseReason}");
                    }
                }

                output.WriteLine($"RabbitMQ {ServerVersion.Of(connection)}, node timeout 60000, x-consumer-timeout 2000 on the queue: " +
                    (consuming.CloseReason is { } closed ? $"closed after {stopwatch.ElapsedMilliseconds} ms: {closed}" : $"still open after {stopwatch.ElapsedMilliseconds} ms"));
                await consumer.DisposeAsync();
                await consuming.DisposeAsync();
                await AssertRedeliveredAsync(connection, queue, "argument-lower");
            }
            finally
            {
                await using AmqpChannel cleanup = await connection.OpenChannelAsync();
                await cleanup.QueueDeleteAsync(queue);
            }
        }
        finally
        {
            await fixture.Broker.CtlAsync("eval", $"application:set_env(rabbit, consumer_timeout, {TimeoutBroker.TimeoutMilliseconds}).");
        }
    }

    private sealed class SlowWorker : ISlowWorker
    {
        public TaskCompletionSource<string> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask Handle(Rmq4Job job, MessageContext context, CancellationToken cancellationToken)
        {
            Started.TrySetResult(job.Id);
            try
            {
                await Task.Delay(Bound, cancellationToken);
                Ended.TrySetResult(false);
            }
            catch (OperationCanceledException)
            {
                Ended.TrySetResult(true);
                throw;
            }
        }
    }

    [BrokerFact]
    public async Task A_generated_consumer_whose_handler_outlives_the_consumer_timeout_stops_logging_the_406_and_its_message_is_redelivered()
    {
        var log = new RecordingLogger();
        await using AmqpConnection connection = await AmqpConnection.ConnectAsync(fixture.Broker.Uri, log);
        await using var messaging = new AmqpMessaging(connection);
        await messaging.DeclareAsync(Rmq4Topology.Description);
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        await channel.QueuePurgeAsync("typedamqp.rmq4.slow.work");

        var worker = new SlowWorker();
        AmqpConsumer consumer = await Rmq4Topology.StartSlowWorkerAsync(messaging, worker, log);
        string id = Guid.NewGuid().ToString("N");
        await Rmq4Topology.SlowJobs(messaging).Submit(new Rmq4Job(id));
        Assert.Equal(id, await worker.Started.Task.WaitAsync(Bound));

        Assert.Equal(ConsumerStopReason.ChannelClosed, await consumer.Stopped.WaitAsync(Bound));
        AssertTimedOut(consumer.Channel.CloseReason);
        Assert.True(await worker.Ended.Task.WaitAsync(Bound), "the handler's token was not cancelled when its channel closed");
        output.WriteLine(string.Join(Environment.NewLine, log.Lines));
        Assert.Contains(log.Lines, line => line.Contains("timed out", StringComparison.Ordinal));

        // Only the consumer's channel closed: the same messaging instance still publishes, and nothing was lost.
        await Rmq4Topology.SlowJobs(messaging).Submit(new Rmq4Job(id + "-after"));
        GetResult? first = await QuorumDeliveryLimitTests.PollAsync(channel, "typedamqp.rmq4.slow.work", Bound);
        Assert.NotNull(first);
        Assert.True(first.Redelivered);
        Assert.Contains(id, Encoding.UTF8.GetString(first.Body.Span));
        await first.AckAsync();
        GetResult? second = await QuorumDeliveryLimitTests.PollAsync(channel, "typedamqp.rmq4.slow.work", Bound);
        Assert.NotNull(second);
        Assert.Contains(id + "-after", Encoding.UTF8.GetString(second.Body.Span));
        await second.AckAsync();
        await consumer.DisposeAsync();
    }

    [BrokerFact]
    public async Task A_recovering_consumer_stopped_by_the_consumer_timeout_is_reported_and_started_again_and_gets_the_message_again()
    {
        string queue;
        await using (AmqpConnection setup = await AmqpConnection.ConnectAsync(fixture.Broker.Uri))
        {
            queue = await DeclareQueueWithOneMessageAsync(setup, "recovering");
        }

        var events = new ConcurrentQueue<RecoveryEventArgs>();
        await using var messaging = new RecoveringMessaging(
            AmqpConnectionOptions.Parse(fixture.Broker.Uri), new RecoveryOptions { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200) });
        messaging.RecoveryEvent += (_, e) => events.Enqueue(e);
        await messaging.ConnectAsync();
        var handled = new ConcurrentQueue<bool>(); // redelivered flag of each delivery
        var acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        RecoveringSubscription consumer = await messaging.SubscribeAsync(queue, 1, 1, async (delivery, ct) =>
        {
            handled.Enqueue(delivery.Redelivered);
            if (handled.Count == 1)
            {
                // The first delivery outlives the timeout: the broker closes the consumer's channel under it.
                await Task.Delay(Bound, ct).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                return;
            }

            await delivery.AcceptAsync(ct);
            acked.TrySetResult();
        });

        await acked.Task.WaitAsync(Bound);
        RecoveryEventArgs failed = events.First(e => e.Kind == RecoveryEventKind.SubscriptionFailed);
        output.WriteLine($"RabbitMQ {ServerVersion.Of(messaging.Connection!)}: {string.Join("; ", events)}");
        AssertTimedOut(Assert.IsType<AmqpChannelClosedException>(failed.Error).Reason);
        // The restarted consumer delivers as soon as the broker confirms it, so the redelivery can be handled before
        // the recovered event is raised: wait for the event, do not race it.
        await Eventually.AssertAsync(() => events.Any(e => e.Kind == RecoveryEventKind.SubscriptionRecovered), Bound);
        Assert.Equal([false, true], handled);
        Assert.Equal(SubscriptionState.Running, consumer.State);
        Assert.True(messaging.Connection!.IsOpen);
        await consumer.CancelAsync();
    }

    private static void AssertTimedOut(CloseReason? reason)
    {
        Assert.NotNull(reason);
        Assert.Equal(406, reason.ReplyCode);
        Assert.Equal(CloseInitiator.Broker, reason.Initiator);
        Assert.Contains("delivery acknowledgement on channel", reason.ReplyText, StringComparison.Ordinal);
        Assert.Contains("timed out", reason.ReplyText, StringComparison.Ordinal);
    }

    private static async Task<string> DeclareQueueWithOneMessageAsync(
        AmqpConnection connection, string body, string type = "classic", IReadOnlyDictionary<string, object?>? arguments = null)
    {
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        string queue = $"typedamqp.rmq4.timeout.{body}";
        var declared = new Dictionary<string, object?>(arguments ?? new Dictionary<string, object?>()) { ["x-queue-type"] = type };
        await channel.QueueDeclareAsync(queue, durable: true, arguments: declared);
        await channel.QueuePurgeAsync(queue);
        await channel.ConfirmSelectAsync();
        await channel.PublishAsync("", queue, Encoding.UTF8.GetBytes(body), new BasicProperties { DeliveryMode = DeliveryMode.Persistent });
        return queue;
    }

    private static async Task AssertRedeliveredAsync(AmqpConnection connection, string queue, string body)
    {
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        GetResult? again = await QuorumDeliveryLimitTests.PollAsync(channel, queue, Bound);
        Assert.NotNull(again);
        Assert.True(again.Redelivered);
        Assert.Equal(body, Encoding.UTF8.GetString(again.Body.Span));
        await again.AckAsync();
    }
}
