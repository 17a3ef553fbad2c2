using TypedAmqp.Amqp091;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

/// <summary>
/// A publisher that outruns the broker waits for the writer: once the pending batch is over the high watermark, a
/// publish without confirms completes only when the writer has taken the batch. These tests drive that with a fake
/// broker that stops reading.
/// </summary>
public sealed class BackPressureTests
{
    private static readonly byte[] Body = new byte[1024];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Publishes until a publish waits for the writer and stays waiting; returns that publish and how many were
    /// published, it included. The in-memory pipe pauses the writer's thread at 64 KB, and the batch behind it then
    /// fills to the watermark. Before that, a wait may end soon because the writer's thread takes the batch.
    /// </summary>
    private static async Task<(Task Waiting, int Published)> PublishUntilTheWriterIsStuckAsync(AmqpChannel channel)
    {
        for (int published = 1; published <= 10_000; published++)
        {
            ValueTask publish = channel.PublishAsync("", "queue", Body);
            if (publish.IsCompleted) continue;
            Task waiting = publish.AsTask();
            if (await Task.WhenAny(waiting, Task.Delay(200)) != waiting) return (waiting, published);
        }

        throw new Xunit.Sdk.XunitException("10,000 publishes (10 MB) to a broker that reads nothing never had to wait for the writer.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }

    /// <summary>Lets the broker read until <paramref name="waiting"/> have completed and it has read <paramref name="expected"/> publishes in all, then stops it.</summary>
    private static async Task ServeUntilEverythingArrivesAsync(FakeBroker broker, Task waiting, ulong expected)
    {
        using var stop = new CancellationTokenSource();
        Task serving = broker.ServeAsync(confirm: false, stop.Token);
        await waiting.WaitAsync(Timeout);
        await WaitUntilAsync(() => broker.PublishesServed == expected, $"the broker has read all {expected} publishes");
        await stop.CancelAsync();
        await serving;
    }

    [Fact]
    public async Task A_publish_waits_while_the_broker_reads_nothing_and_every_message_arrives_once_it_reads_again()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        (Task waiting, int published) = await PublishUntilTheWriterIsStuckAsync(channel);
        await ServeUntilEverythingArrivesAsync(broker, waiting, (ulong)published);

        // The waiter went back to its pool: the writer fills up and frees again just the same.
        (Task waitingAgain, int publishedAgain) = await PublishUntilTheWriterIsStuckAsync(channel);
        await ServeUntilEverythingArrivesAsync(broker, waitingAgain, (ulong)(published + publishedAgain));
    }

    [Fact]
    public async Task A_cancelled_wait_for_the_writer_throws_with_its_token_and_leaves_the_other_waits_alone()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        (Task first, int published) = await PublishUntilTheWriterIsStuckAsync(channel);

        using var cancel = new CancellationTokenSource();
        Task cancelled = channel.PublishAsync("", "queue", Body, cancellationToken: cancel.Token).AsTask();
        Task third = channel.PublishAsync("", "queue", Body).AsTask();
        Assert.False(cancelled.IsCompleted, "the writer is still full, so the second publish waits too");

        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        Assert.Equal(cancel.Token, error.CancellationToken);
        await Task.Delay(50);
        Assert.False(first.IsCompleted, "cancelling one wait released another");
        Assert.False(third.IsCompleted, "cancelling one wait released another");

        // Cancelling gave up the wait, not the message: its frames were queued before it waited, and they arrive.
        await ServeUntilEverythingArrivesAsync(broker, Task.WhenAll(first, third), (ulong)published + 2);
    }

    [Fact]
    public async Task A_wait_for_the_writer_fails_with_the_close_reason_when_the_connection_drops()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        (Task waiting, _) = await PublishUntilTheWriterIsStuckAsync(channel);

        await broker.DisposeAsync(); // the broker's end of the connection goes away

        await Assert.ThrowsAsync<AmqpConnectionClosedException>(() => waiting.WaitAsync(Timeout));
    }
}
