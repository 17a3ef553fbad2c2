using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>
/// Guards the zero-allocation claim: in steady state, publishing (with and without confirms) and delivering to a
/// handler allocate nothing in the runtime. Runs alone (no parallel tests) and counts every thread's allocations,
/// because the work crosses the connection's read, write and dispatch loops.
/// </summary>
/// <remarks>
/// Each scenario is measured in several rounds of <see cref="OperationsPerRound"/> operations and the best round
/// counts: one-off costs (buffers growing to their working size, the array pool refilling after a trim) land in
/// some round, while a per-operation allocation of even one small object shows up in every round as 24+ bytes.
/// </remarks>
[Collection(nameof(AllocationTests))]
public sealed class AllocationTests
{
    private const int WarmUp = 5_000;
    private const int OperationsPerRound = 50_000;
    private const int Rounds = 6;
    private const double MaxBytesPerOperation = 1.0;

    /// <summary>
    /// Waits are far fewer than operations (tens per round), so a round's one-off costs, such as the measuring
    /// lambda's own state machine, come to a few bytes per wait; one object per wait would still be 24 bytes or more.
    /// </summary>
    private const double MaxBytesPerWait = 16.0;
    private const int MinWaitsPerRound = 32;

    private const int Prefetch = 100;

    private static readonly byte[] Body = new byte[256];
    private static readonly BasicProperties Properties = new() { ContentType = "application/octet-stream", MessageId = "fixed-id", DeliveryMode = DeliveryMode.Persistent };

    private static Task<double> BestBytesPerOperationAsync(Func<int, Task> runOperations) =>
        BestBytesPerEventAsync(async count =>
        {
            await runOperations(count);
            return count;
        });

    /// <summary>
    /// Like <see cref="BestBytesPerOperationAsync"/>, but per event of interest: <paramref name="runOperations"/>
    /// returns how many happened in its round (waits for the writer, say), and the bytes are divided by that.
    /// </summary>
    private static async Task<double> BestBytesPerEventAsync(Func<int, Task<int>> runOperations)
    {
        await runOperations(WarmUp);
        double best = double.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            int events = await runOperations(OperationsPerRound);
            long bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
            best = Math.Min(best, bytes / (double)Math.Max(events, 1));
        }

        return best;
    }

    /// <summary>Measures the operations while the fake broker reads (and, with <paramref name="confirm"/>, acks) every publish.</summary>
    private static async Task<double> BestBytesWhileServedAsync(FakeBroker broker, bool confirm, Func<int, Task> runOperations)
    {
        using var stop = new CancellationTokenSource();
        Task serving = broker.ServeAsync(confirm, stop.Token);
        try
        {
            return await BestBytesPerOperationAsync(runOperations);
        }
        finally
        {
            stop.Cancel();
            await serving;
        }
    }

    [OptimizedBuildFact]
    public async Task Publishing_without_confirms_allocates_nothing()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        double bytesPerPublish = await BestBytesWhileServedAsync(broker, confirm: false, async count =>
        {
            for (int i = 0; i < count; i++)
            {
                ValueTask publish = channel.PublishAsync("exchange", "routing.key", Body, Properties);
                if (!publish.IsCompletedSuccessfully) await publish;
            }
        });

        Assert.True(bytesPerPublish < MaxBytesPerOperation, $"publishing allocated {bytesPerPublish:0.##} B per message");
    }

    [OptimizedBuildFact]
    public async Task Waiting_for_the_writer_to_catch_up_allocates_nothing()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        int fewestWaits = int.MaxValue;

        // A broker that pauses after every read: the publisher keeps running into the high watermark.
        using var stop = new CancellationTokenSource();
        Task serving = broker.ServeAsync(confirm: false, TimeSpan.FromMilliseconds(1), stop.Token);
        double bytesPerWait = await BestBytesPerEventAsync(async count =>
        {
            int waits = 0;
            for (int i = 0; i < count; i++)
            {
                ValueTask publish = channel.PublishAsync("exchange", "routing.key", Body, Properties);
                if (publish.IsCompletedSuccessfully) continue;
                waits++;
                await publish;
            }

            if (count == OperationsPerRound) fewestWaits = Math.Min(fewestWaits, waits); // not the shorter warm-up
            return waits;
        });
        stop.Cancel();
        await serving;

        Assert.True(fewestWaits >= MinWaitsPerRound, $"only {fewestWaits} of {OperationsPerRound} publishes in a round waited for the writer; the scenario did not happen");
        Assert.True(bytesPerWait < MaxBytesPerWait, $"waiting for the writer allocated {bytesPerWait:0.##} B per wait ({fewestWaits}+ waits per round)");
    }

    [OptimizedBuildFact]
    public async Task Waiting_for_room_among_unconfirmed_publishes_allocates_nothing()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenConfirmChannelAsync(connection);
        channel.MaxUnconfirmedPublishes = 4;
        using var stop = new CancellationTokenSource();
        Task serving = broker.ServeAsync(confirm: true, stop.Token);

        // The waiting publish is a pooled DeferredPublish: queued to the thread pool as its own work item, and
        // completed through its own pooled core.
        (double bytesPerWait, int fewestWaits) = await BestBytesPerWaitForRoomAsync(channel, () => channel.PublishAsync("exchange", "routing.key", Body, Properties));
        stop.Cancel();
        await serving;

        Assert.True(fewestWaits >= MinWaitsPerRound, $"only {fewestWaits} of {OperationsPerRound} publishes in a round waited for room; the scenario did not happen");
        Assert.True(bytesPerWait < MaxBytesPerWait, $"waiting for room among unconfirmed publishes allocated {bytesPerWait:0.##} B per wait ({fewestWaits}+ waits per round)");
    }

    /// <summary>
    /// Keeps one more publish in flight than the channel's limit of four unconfirmed, so publishes keep finding it
    /// full and wait for room; the bytes per wait in the best round, and the fewest waits a round had.
    /// </summary>
    private static async Task<(double BytesPerWait, int FewestWaits)> BestBytesPerWaitForRoomAsync(AmqpChannel channel, Func<ValueTask> publish)
    {
        int fewestWaits = int.MaxValue;
        var window = new ValueTask[5];
        double bytesPerWait = await BestBytesPerEventAsync(async count =>
        {
            int waits = 0;
            for (int i = 0; i < count; i++)
            {
                int slot = i % window.Length;
                if (i >= window.Length) await window[slot];
                if (!channel.HasConfirmRoom) waits++;
                window[slot] = publish();
            }

            for (int i = Math.Max(0, count - window.Length); i < count; i++) await window[i % window.Length];
            if (count == OperationsPerRound) fewestWaits = Math.Min(fewestWaits, waits); // not the shorter warm-up
            return waits;
        });
        return (bytesPerWait, fewestWaits);
    }

    [OptimizedBuildFact]
    public async Task Publishing_with_awaited_confirms_allocates_nothing()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenConfirmChannelAsync(connection);

        double bytesPerPublish = await BestBytesWhileServedAsync(broker, confirm: true, async count =>
        {
            for (int i = 0; i < count; i++) await channel.PublishAsync("exchange", "routing.key", Body, Properties);
        });

        Assert.True(bytesPerPublish < MaxBytesPerOperation, $"confirmed publishing allocated {bytesPerPublish:0.##} B per message");
    }

    [OptimizedBuildFact]
    public async Task A_typed_publish_serialized_as_json_and_confirmed_allocates_nothing()
    {
        double bytesPerPublish = await MeasureTypedPublishesAsync();
        Assert.True(bytesPerPublish < MaxBytesPerOperation, $"a typed publish allocated {bytesPerPublish:0.##} B per message");
    }

    /// <summary>Metrics are on by default in hosted applications: measuring a publish must not cost it an allocation either.</summary>
    [OptimizedBuildFact]
    public async Task A_typed_publish_allocates_nothing_while_its_metrics_are_recorded()
    {
        using MeterListener metrics = ListenToTypedAmqpMetrics();
        long before = Interlocked.Read(ref s_measurements);
        double bytesPerPublish = await MeasureTypedPublishesAsync();
        Assert.True(Interlocked.Read(ref s_measurements) - before >= 2L * OperationsPerRound, "every publish was counted and timed");
        Assert.True(bytesPerPublish < MaxBytesPerOperation, $"a measured typed publish allocated {bytesPerPublish:0.##} B per message");
    }

    [OptimizedBuildFact]
    public async Task A_typed_publish_through_recovering_messaging_allocates_nothing()
    {
        // The path injected publishers take: the message id fixed before the first attempt, for a resend after a loss.
        // 256 in flight, as a pipelining publisher keeps them: a wrapper per publish would not find a pooled one
        // (the resending mode's state machine measured 41 B per publish here).
        double bytesPerPublish = await MeasureTypedPublishesAsync(throughRecovery: true, inFlight: 256);
        Assert.True(bytesPerPublish < MaxBytesPerOperation, $"a typed publish through RecoveringMessaging allocated {bytesPerPublish:0.##} B per message");
    }

    [OptimizedBuildFact]
    public async Task A_typed_publish_waiting_for_room_among_unconfirmed_publishes_allocates_nothing()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync(options => options.MaxUnconfirmedPublishes = 4);
        var messaging = new TypedAmqp.Amqp091.AmqpMessaging(connection);
        var descriptor = new TypedAmqp.Messaging.MessageDescriptor<AllocationOrder>("orders.placed", AllocationJson.Default.AllocationOrder);
        var order = new AllocationOrder(4711, "customer@example.com", 129.95m, ["express", "gift"]);
        byte[] exchange = "orders"u8.ToArray(), routingKey = "order.placed"u8.ToArray();
        Task first = messaging.PublishAsync(exchange, routingKey, "order.placed", descriptor, order, null, CancellationToken.None).AsTask();
        await broker.AnswerChannelOpenAsync();
        await broker.AnswerConfirmSelectAsync();
        using var stop = new CancellationTokenSource();
        Task serving = broker.ServeAsync(confirm: true, stop.Token);
        await first;
        AmqpChannel channel = messaging.PublisherChannel!;
        Assert.Equal(4, channel.MaxUnconfirmedPublishes);

        (double bytesPerWait, int fewestWaits) = await BestBytesPerWaitForRoomAsync(
            channel, () => messaging.PublishAsync(exchange, routingKey, "order.placed", descriptor, order, null, CancellationToken.None));
        stop.Cancel();
        await serving;

        Assert.True(fewestWaits >= MinWaitsPerRound, $"only {fewestWaits} of {OperationsPerRound} typed publishes in a round waited for room; the scenario did not happen");
        Assert.True(bytesPerWait < MaxBytesPerWait, $"a typed publish waiting for room allocated {bytesPerWait:0.##} B per wait ({fewestWaits}+ waits per round)");
    }

    private static async Task<double> MeasureTypedPublishesAsync(bool throughRecovery = false, int inFlight = 1)
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        TypedAmqp.Messaging.IMessagePublisher messaging = throughRecovery
            ? await ConnectRecoveringAsync(connection)
            : new TypedAmqp.Amqp091.AmqpMessaging(connection);
        var descriptor = new TypedAmqp.Messaging.MessageDescriptor<AllocationOrder>("orders.placed", AllocationJson.Default.AllocationOrder);
        var order = new AllocationOrder(4711, "customer@example.com", 129.95m, ["express", "gift"]);
        byte[] exchange = "orders"u8.ToArray(), routingKey = "order.placed"u8.ToArray();

        // The first publish opens the confirm-mode channel (what the generated publisher's first call does).
        Task first = messaging.PublishAsync(exchange, routingKey, "order.placed", descriptor, order, null, CancellationToken.None).AsTask();
        await broker.AnswerChannelOpenAsync();
        await broker.AnswerConfirmSelectAsync();
        using var stop = new CancellationTokenSource();
        Task serving = broker.ServeAsync(confirm: true, stop.Token);
        await first;

        var window = new ValueTask[inFlight];
        double bytesPerPublish = await BestBytesPerOperationAsync(async count =>
        {
            for (int i = 0; i < count; i++)
            {
                int slot = i % inFlight;
                if (i >= inFlight) await window[slot];
                window[slot] = messaging.PublishAsync(exchange, routingKey, "order.placed", descriptor, order, null, CancellationToken.None);
            }

            for (int i = Math.Max(0, count - inFlight); i < count; i++) await window[i % inFlight];
        });

        stop.Cancel();
        await serving;
        return bytesPerPublish;
    }

    private static async Task<TypedAmqp.Amqp091.RecoveringMessaging> ConnectRecoveringAsync(AmqpConnection connection)
    {
        var messaging = new TypedAmqp.Amqp091.RecoveringMessaging(new AmqpConnectionOptions(), new TypedAmqp.Messaging.RecoveryOptions())
        {
            OpenConnection = (_, _) => ValueTask.FromResult(connection),
        };
        await messaging.ConnectAsync();
        return messaging;
    }

    private static long s_measurements;

    /// <summary>A listener taking every measurement of TypedAmqp's instruments, counting them without allocating.</summary>
    private static MeterListener ListenToTypedAmqpMetrics()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TypedAmqp.Observability.TypedAmqpTelemetry.Name) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>(static (_, _, _, _) => Interlocked.Increment(ref s_measurements));
        listener.SetMeasurementEventCallback<double>(static (_, _, _, _) => Interlocked.Increment(ref s_measurements));
        listener.Start();
        return listener;
    }

    [OptimizedBuildFact]
    public async Task Publishing_through_a_body_writer_allocates_nothing()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        ReadOnlyMemory<byte> exchange = "exchange"u8.ToArray();
        ReadOnlyMemory<byte> routingKey = "routing.key"u8.ToArray();

        double bytesPerPublish = await BestBytesWhileServedAsync(broker, confirm: false, async count =>
        {
            for (int i = 0; i < count; i++) await channel.PublishAsync(exchange, routingKey, i, static (buffer, n) => WriteNumber(buffer, n), Properties);
        });

        Assert.True(bytesPerPublish < MaxBytesPerOperation, $"body-writer publishing allocated {bytesPerPublish:0.##} B per message");
    }

    [OptimizedBuildFact]
    public async Task Delivering_to_a_handler_and_acking_allocates_nothing()
    {
        var state = new HandlerState();
        (double bytesPerDelivery, int delivered) = await MeasureDeliveriesAsync(state, state.HandleAsync, Body);
        Assert.Equal(delivered, state.Handled);
        Assert.Equal(256L * delivered, state.BodyBytes);
        Assert.True(bytesPerDelivery < MaxBytesPerOperation, $"delivering allocated {bytesPerDelivery:0.##} B per message");
    }

    [OptimizedBuildFact]
    public async Task A_typed_dispatch_allocates_nothing_beyond_the_deserialized_message() => await AssertTypedDispatchAllocatesNothingAsync();

    [OptimizedBuildFact]
    public async Task A_typed_dispatch_allocates_nothing_while_its_metrics_are_recorded()
    {
        using MeterListener metrics = ListenToTypedAmqpMetrics();
        long before = Interlocked.Read(ref s_measurements);
        await AssertTypedDispatchAllocatesNothingAsync();
        Assert.True(Interlocked.Read(ref s_measurements) - before >= 2L * OperationsPerRound, "every delivery was counted and timed");
    }

    private static async Task AssertTypedDispatchAllocatesNothingAsync()
    {
        // A message that deserializes without allocating, so whatever is counted here is the dispatch's own: parse,
        // deserialize in place, invoke the handler, ack (what generated dispatchers call).
        var state = new HandlerState();
        var descriptor = new TypedAmqp.Messaging.MessageDescriptor<AllocationTick>("ticks", AllocationJson.Default.AllocationTick);
        var policy = new TypedAmqp.Messaging.DispatchPolicy(requeueOnFailure: true);
        var template = new TypedAmqp.Messaging.DestinationTemplate("ticks", "tick.{Number}", "queue");
        (double bytesPerDelivery, int delivered) = await MeasureDeliveriesAsync(state, (delivery, token) => TypedAmqp.Messaging.MessageDispatch.WithoutOutcome(
            TypedAmqp.Messaging.MessageDispatch.HandleAsync(delivery, descriptor, state, static (counter, tick, _) =>
            {
                counter.Count(tick.Number);
                return ValueTask.CompletedTask;
            }, policy, null, null, template, token)), "{\"Number\":3}"u8.ToArray());

        Assert.Equal(delivered, state.Handled);
        Assert.Equal(3L * delivered, state.BodyBytes); // every message was deserialized (Number = 3) and handled
        Assert.True(bytesPerDelivery < MaxBytesPerOperation, $"a typed dispatch allocated {bytesPerDelivery:0.##} B per message");
    }

    /// <summary>Starts a consumer with <paramref name="handler"/> and measures the bytes allocated per delivery of <paramref name="body"/>.</summary>
    private static async Task<(double BytesPerDelivery, int Delivered)> MeasureDeliveriesAsync(
        HandlerState state, Func<Delivery, CancellationToken, ValueTask> handler, byte[] body)
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        using var stop = new CancellationTokenSource();
        Task<AmqpConsumer> consuming = channel.ConsumeAsync("queue", handler).AsTask();
        ReceivedFrame consume = await broker.ExpectMethodAsync(MethodId.BasicConsume);
        await broker.SendMethodAsync(consume.Channel, new ServerMethod(MethodId.BasicConsumeOk, static (ref AmqpWriter w) => w.WriteShortString("ctag-1")));
        await consuming;
        Task serving = broker.ServeAsync(confirm: false, stop.Token);
        byte[] template = DeliveryFrames(channel.Number, body);

        int nextTag = 1;
        double bytesPerDelivery = await BestBytesPerOperationAsync(async count =>
        {
            await DeliverAsync(broker, template, state, nextTag, count);
            nextTag += count;
        });

        stop.Cancel();
        await serving;
        return (bytesPerDelivery, nextTag - 1);
    }

    private static byte[] DeliveryFrames(ushort channel, byte[] body) => FakeBroker.Encode(buffer =>
    {
        FrameWriter.WriteMethod(buffer, channel, new ServerMethod(MethodId.BasicDeliver, static (ref AmqpWriter w) =>
        {
            w.WriteShortString("ctag-1");
            w.WriteLongLong(0);
            w.WriteBit(false);
            w.WriteShortString("exchange");
            w.WriteShortString("routing.key");
        }));
        FrameWriter.WriteContentHeader(buffer, channel, (ulong)body.Length, Properties, FrameConstants.DefaultFrameMax);
        FrameWriter.WriteBody(buffer, channel, body, 131072);
    });

    /// <summary>Sends deliveries in windows of <see cref="Prefetch"/>, as a broker does for a consumer with that prefetch.</summary>
    private static async Task DeliverAsync(FakeBroker broker, byte[] template, HandlerState state, int firstTag, int count)
    {
        const int deliveryTagOffset = 7 + 4 + 1 + 6; // frame header, class/method, "ctag-1" short string
        for (int sent = 0; sent < count; sent += Prefetch)
        {
            int window = Math.Min(Prefetch, count - sent);
            for (int i = 0; i < window; i++)
            {
                Span<byte> span = broker.ToClient.GetSpan(template.Length);
                template.CopyTo(span);
                BinaryPrimitives.WriteUInt64BigEndian(span[deliveryTagOffset..], (ulong)(firstTag + sent + i));
                broker.ToClient.Advance(template.Length);
            }

            await broker.ToClient.FlushAsync();
            state.WaitFor(firstTag - 1 + sent + window);
        }
    }

    private static void WriteNumber(IBufferWriter<byte> buffer, int number)
    {
        Span<byte> span = buffer.GetSpan(4);
        BinaryPrimitives.WriteInt32BigEndian(span, number);
        buffer.Advance(4);
    }

    private sealed class HandlerState
    {
        private int _handled;
        private long _bodyBytes;

        public int Handled => Volatile.Read(ref _handled);

        public long BodyBytes => Interlocked.Read(ref _bodyBytes);

        /// <summary>Counts a message a typed handler received.</summary>
        public void Count(int bodyBytes)
        {
            Interlocked.Add(ref _bodyBytes, bodyBytes);
            Interlocked.Increment(ref _handled);
        }

        public ValueTask HandleAsync(Delivery delivery, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref _bodyBytes, delivery.Body.Length);
            Interlocked.Increment(ref _handled);
            return delivery.AckAsync(cancellationToken);
        }

        /// <summary>Spins rather than awaiting a timer, so the wait itself allocates nothing.</summary>
        public void WaitFor(int count)
        {
            long deadline = Environment.TickCount64 + 30_000;
            var spinner = default(SpinWait);
            while (Handled < count)
            {
                if (Environment.TickCount64 > deadline) throw new TimeoutException($"only {Handled} of {count} deliveries were handled");
                spinner.SpinOnce();
            }
        }
    }
}

/// <summary>A typical small message for the typed allocation test.</summary>
public sealed record AllocationOrder(int Number, string Customer, decimal Total, string[] Tags);

/// <summary>
/// A message that deserializes without allocating (System.Text.Json's default object converter boxes structs, so it
/// has a converter of its own), so an allocation test of the dispatch counts only the dispatch.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(AllocationTickConverter))]
public struct AllocationTick
{
    public int Number { get; set; }
}

/// <summary>Reads and writes <see cref="AllocationTick"/> as <c>{"Number":n}</c>.</summary>
public sealed class AllocationTickConverter : System.Text.Json.Serialization.JsonConverter<AllocationTick>
{
    public override AllocationTick Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        var tick = default(AllocationTick);
        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
        {
            bool isNumber = reader.ValueTextEquals("Number"u8);
            reader.Read();
            if (isNumber) tick.Number = reader.GetInt32();
            else reader.Skip();
        }

        return tick;
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, AllocationTick value, System.Text.Json.JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("Number"u8, value.Number);
        writer.WriteEndObject();
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(AllocationOrder))]
[System.Text.Json.Serialization.JsonSerializable(typeof(AllocationTick))]
internal sealed partial class AllocationJson : System.Text.Json.Serialization.JsonSerializerContext;
