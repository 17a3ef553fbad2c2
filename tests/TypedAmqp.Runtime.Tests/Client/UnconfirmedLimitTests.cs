using System.Diagnostics;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

/// <summary>
/// Publisher flow control: a channel in confirm mode writes at most <see cref="AmqpChannel.MaxUnconfirmedPublishes"/>
/// publishes that wait for their confirm; further ones wait, unwritten and cancellable, until confirms make room.
/// Runs alone, with the allocation guards: the flat-memory test reads the whole process's heap, which tests running
/// beside it (a Roslyn compilation of the runtime, property-based codec runs) would grow.
/// </summary>
[Collection(nameof(AllocationTests))]
public sealed class UnconfirmedLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly byte[] Body = new byte[64];

    private static BasicAcknowledgement Ack(ulong deliveryTag, bool multiple) => new(TypedAmqp.Amqp091.Protocol.MethodId.BasicAck, deliveryTag, multiple, requeue: false);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var wait = Stopwatch.StartNew(); !condition(); await Task.Delay(5))
        {
            Assert.True(wait.Elapsed < Timeout, $"timed out waiting until {what}");
        }
    }

    [Fact]
    public async Task Publishes_beyond_the_limit_wait_unwritten_until_confirms_make_room()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenConfirmChannelAsync(connection);
        channel.MaxUnconfirmedPublishes = 100;
        using var stop = new CancellationTokenSource();
        Task serving = broker.ServeAsync(confirm: false, stop.Token); // reads everything, confirms nothing

        ValueTask[] publishes = [.. Enumerable.Range(0, 150).Select(_ => channel.PublishAsync("", "q", Body))];
        await WaitUntilAsync(() => broker.PublishesServed == 100, "the first 100 publishes reached the broker");
        await Task.Delay(100);
        Assert.Equal(100UL, broker.PublishesServed);
        Assert.Equal(100, channel.UnconfirmedPublishes);
        Assert.All(publishes, publish => Assert.False(publish.IsCompleted));

        // Confirms make room, and waiting publishes go out. The limit is checked without a lock, so the waiters woken
        // together may pass it by a few; what they never do is go out while the channel is full and nothing confirms.
        await broker.SendMethodAsync(channel.Number, Ack(10, multiple: true));
        await WaitUntilAsync(() => broker.PublishesServed >= 110, "ten confirms let more publishes out");
        for (int i = 0; i < 10; i++) await publishes[i];

        await WaitUntilAsync(() => channel.UnconfirmedPublishes >= 100, "the room was taken");
        await broker.SendMethodAsync(channel.Number, Ack(broker.PublishesServed, multiple: true));
        await WaitUntilAsync(() => broker.PublishesServed == 150, "the rest went out");
        await broker.SendMethodAsync(channel.Number, Ack(150, multiple: true));
        for (int i = 10; i < 150; i++) await publishes[i].AsTask().WaitAsync(Timeout);
        Assert.Equal(0, channel.UnconfirmedPublishes);
        await stop.CancelAsync();
        await serving;
    }

    [Fact]
    public async Task A_waiting_publish_can_be_cancelled_alone_and_nothing_of_it_is_sent()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenConfirmChannelAsync(connection);
        channel.MaxUnconfirmedPublishes = 2;
        using var stop = new CancellationTokenSource();
        Task serving = broker.ServeAsync(confirm: false, stop.Token);

        ValueTask first = channel.PublishAsync("", "q", Body);
        ValueTask second = channel.PublishAsync("", "q", Body);
        using var cancel = new CancellationTokenSource();
        ValueTask cancelled = channel.PublishAsync("", "q", Body, cancellationToken: cancel.Token);
        ValueTask waiting = channel.PublishAsync("", "q", Body);
        await WaitUntilAsync(() => broker.PublishesServed == 2, "two publishes were written");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);
        Assert.False(waiting.IsCompleted);

        await broker.SendMethodAsync(channel.Number, Ack(1, multiple: false));
        await first;
        await WaitUntilAsync(() => broker.PublishesServed == 3, "the publish still waiting took the room");
        await Task.Delay(100);
        Assert.Equal(3UL, broker.PublishesServed); // the cancelled one never went out

        await broker.SendMethodAsync(channel.Number, Ack(3, multiple: true));
        await second;
        await waiting.AsTask().WaitAsync(Timeout);
        await stop.CancelAsync();
        await serving;
    }

    [Fact]
    public async Task Waiting_publishes_fail_with_the_close_reason_when_the_connection_closes()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenConfirmChannelAsync(connection);
        channel.MaxUnconfirmedPublishes = 1;
        ValueTask written = channel.PublishAsync("", "q", Body);
        ValueTask waiting = channel.PublishAsync("", "q", Body);

        await connection.DisposeAsync();
        await Assert.ThrowsAnyAsync<AmqpException>(async () => await written);
        await Assert.ThrowsAnyAsync<AmqpException>(async () => await waiting.AsTask().WaitAsync(Timeout));
        await broker.DisposeAsync();
    }

    [Fact]
    public async Task A_waiting_publish_sends_what_it_was_given_though_the_caller_reused_its_buffers()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenConfirmChannelAsync(connection);
        channel.MaxUnconfirmedPublishes = 1;
        ValueTask first = channel.PublishAsync("", "q", Body);
        await broker.ExpectMethodAsync(TypedAmqp.Amqp091.Protocol.MethodId.BasicPublish);
        await broker.ReadFrameAsync();
        await broker.ReadFrameAsync();

        // The waiting publish's address, body and properties, all overwritten by the caller once the call returned.
        byte[] exchange = "orders"u8.ToArray(), routingKey = "order.placed"u8.ToArray(), body = "the original body"u8.ToArray();
        var properties = new BasicProperties { MessageId = "original-id" };
        ValueTask waiting = channel.PublishAsync(exchange, routingKey, body, properties);
        Assert.False(waiting.IsCompleted);
        exchange.AsSpan().Fill((byte)'x');
        routingKey.AsSpan().Fill((byte)'y');
        body.AsSpan().Fill((byte)'z');
        properties.MessageId = "changed-id";

        await broker.SendMethodAsync(channel.Number, Ack(1, multiple: false));
        await first;
        ReceivedFrame publish = await broker.ExpectMethodAsync(TypedAmqp.Amqp091.Protocol.MethodId.BasicPublish);
        ReceivedFrame header = await broker.ReadFrameAsync();
        ReceivedFrame sentBody = await broker.ReadFrameAsync();
        TypedAmqp.Amqp091.Protocol.AmqpReader arguments = publish.Arguments();
        arguments.ReadShort();
        Assert.Equal("orders", arguments.ReadShortString());
        Assert.Equal("order.placed", arguments.ReadShortString());
        Assert.Equal("the original body", System.Text.Encoding.UTF8.GetString(sentBody.Payload));
        Assert.Contains("original-id", System.Text.Encoding.UTF8.GetString(header.Payload), StringComparison.Ordinal);

        await broker.SendMethodAsync(channel.Number, Ack(2, multiple: false));
        await waiting.AsTask().WaitAsync(Timeout);
        await connection.DisposeAsync();
        await broker.DisposeAsync();
    }

    [Fact]
    public async Task A_typed_publish_that_waited_for_room_fails_with_the_close_reason_not_as_outcome_unknown()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync(options => options.MaxUnconfirmedPublishes = 1);
        var messaging = new TypedAmqp.Amqp091.AmqpMessaging(connection);
        var descriptor = new TypedAmqp.Messaging.MessageDescriptor<LimitOrder>("orders.placed", LimitJson.Default.LimitOrder);
        byte[] exchange = "orders"u8.ToArray(), routingKey = "order.placed"u8.ToArray();
        ValueTask sent = messaging.PublishAsync(exchange, routingKey, null, descriptor, new LimitOrder(1), null, CancellationToken.None);
        await broker.AnswerChannelOpenAsync();
        await broker.AnswerConfirmSelectAsync();
        await broker.ExpectMethodAsync(TypedAmqp.Amqp091.Protocol.MethodId.BasicPublish);
        ValueTask waiting = messaging.PublishAsync(exchange, routingKey, null, descriptor, new LimitOrder(2), null, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        await connection.DisposeAsync();
        // Written, then the connection went: the broker may have it. Never written: it surely does not.
        await Assert.ThrowsAsync<PublishOutcomeUnknownException>(async () => await sent.AsTask().WaitAsync(Timeout));
        Exception notSent = await Assert.ThrowsAnyAsync<AmqpConnectionClosedException>(async () => await waiting.AsTask().WaitAsync(Timeout));
        Assert.IsNotType<PublishOutcomeUnknownException>(notSent);
        await broker.DisposeAsync();
    }

    [Fact]
    public async Task Cancelling_the_tokens_of_publishes_that_waited_and_completed_touches_nothing()
    {
        // Waiting publishes are pooled and reused; a token's registration left behind would take a later publish off
        // the list, or throw from Cancel() on the canceller's thread.
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenConfirmChannelAsync(connection);
        channel.MaxUnconfirmedPublishes = 2;
        using var stop = new CancellationTokenSource();
        Task serving = broker.ServeAsync(confirm: true, stop.Token);

        var window = new (ValueTask Publish, CancellationTokenSource Token)[3];
        int waited = 0;
        for (int i = 0; i < 5_000; i++)
        {
            int slot = i % window.Length;
            if (i >= window.Length)
            {
                await window[slot].Publish.AsTask().WaitAsync(Timeout);
                window[slot].Token.Cancel(); // must not throw, nor reach a later publish
                window[slot].Token.Dispose();
            }

            if (!channel.HasConfirmRoom) waited++;
            var token = new CancellationTokenSource();
            window[slot] = (channel.PublishAsync("", "q", Body, cancellationToken: token.Token), token);
        }

        foreach ((ValueTask publish, CancellationTokenSource token) in window)
        {
            await publish.AsTask().WaitAsync(Timeout);
            token.Dispose();
        }

        Assert.True(waited > 100, $"only {waited} publishes waited for room");
        Assert.Equal(0, channel.UnconfirmedPublishes);
        await stop.CancelAsync();
        await serving;
    }

    [Fact]
    public async Task Under_a_broker_that_confirms_nothing_thousands_of_publishers_keep_memory_flat()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenConfirmChannelAsync(connection);
        channel.MaxUnconfirmedPublishes = 500;
        using var stop = new CancellationTokenSource();
        Task serving = broker.ServeAsync(confirm: false, stop.Token);

        // Each publisher loops, awaiting its publish, as the handlers of a busy service would.
        const int Publishers = 2_000;
        using var giveUp = new CancellationTokenSource();
        int started = 0;
        Task[] publishers = [.. Enumerable.Range(0, Publishers).Select(_ => Task.Run(async () =>
        {
            try
            {
                Interlocked.Increment(ref started);
                while (true) await channel.PublishAsync("", "q", new byte[1024], cancellationToken: giveUp.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }))];

        // Measured once every publisher is running (each then holds its body and its wait): on a loaded machine the
        // thread pool can take seconds to start them all, and those starting late are not growth.
        await WaitUntilAsync(() => broker.PublishesServed >= 500, "the channel filled up");
        await WaitUntilAsync(() => Volatile.Read(ref started) == Publishers, "every publisher started");
        await Task.Delay(200); // the last to start reach their wait
        long heapBefore = Heap();
        await Task.Delay(2000);
        long heapGrowth = Heap() - heapBefore;
        ulong written = broker.PublishesServed;

        Assert.InRange(channel.UnconfirmedPublishes, 500, 500 + 64);
        Assert.InRange(written, 500UL, 500UL + 64);
        Assert.True(heapGrowth < 1024 * 1024, $"the heap grew {heapGrowth / 1024} KiB in 2 s while {Publishers} publishers waited");

        await giveUp.CancelAsync();
        await Task.WhenAll(publishers).WaitAsync(Timeout);
        await stop.CancelAsync();
        await serving;
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

public sealed record LimitOrder(int Number);

[System.Text.Json.Serialization.JsonSerializable(typeof(LimitOrder))]
internal sealed partial class LimitJson : System.Text.Json.Serialization.JsonSerializerContext;
