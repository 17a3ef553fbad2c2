using System.Collections.Concurrent;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Typed;

public sealed class RetryTests
{
    private sealed class FlakyWorker : IFlakyWorker
    {
        public ConcurrentDictionary<string, int> Attempts { get; } = new();

        public SemaphoreSlim Succeeded { get; } = new(0);

        public ValueTask Handle(FlakyTask task, CancellationToken cancellationToken)
        {
            int attempt = Attempts.AddOrUpdate(task.Name, 1, (_, n) => n + 1);
            if (attempt <= task.FailuresBeforeSuccess) throw new InvalidOperationException($"{task.Name} fails on attempt {attempt}");
            Succeeded.Release();
            return ValueTask.CompletedTask;
        }
    }

    [BrokerFact]
    public async Task A_handler_is_retried_with_back_off_and_dead_lettered_once_retries_run_out()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync("retry-tests");
        await using var messaging = new AmqpMessaging(connection);
        await messaging.DeclareAsync(MessagingTopology.Description);
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        await channel.QueuePurgeAsync("typedamqp.it.flaky.work");
        await channel.QueuePurgeAsync("typedamqp.it.flaky.dead-letters");
        var worker = new FlakyWorker();
        await using IMessageSubscription consumer = await messaging.StartFlakyWorkerAsync(worker);
        IFlakyTasks tasks = messaging.CreateFlakyTasksPublisher();

        await tasks.Submit(new FlakyTask("recovers", FailuresBeforeSuccess: 2));
        await tasks.Submit(new FlakyTask("hopeless", FailuresBeforeSuccess: 100));

        Assert.True(await worker.Succeeded.WaitAsync(TimeSpan.FromSeconds(10)));
        GetResult? deadLetter = await TopologyAndPublishingTests.PollAsync(channel, "typedamqp.it.flaky.dead-letters");
        Assert.NotNull(deadLetter);
        Assert.Contains("hopeless", System.Text.Encoding.UTF8.GetString(deadLetter.Body.Span));
        Assert.Equal(3, worker.Attempts["recovers"]);
        Assert.Equal(3, worker.Attempts["hopeless"]);
        Assert.Null(await channel.BasicGetAsync("typedamqp.it.flaky.dead-letters"));
    }
}
