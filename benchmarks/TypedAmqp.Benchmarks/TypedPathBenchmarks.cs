using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Benchmarks.InMemory;
using TypedAmqp.Buffers;
using TypedAmqp.Compare;
using TypedAmqp.Generated;
using TypedAmqp.Messaging;

namespace TypedAmqp.Benchmarks;

/// <summary>
/// The generated code's hot paths over an in-memory broker (<see cref="LoopbackBroker"/>), so the figures are the
/// client's own: a generated publisher serializing a record, framing it and waiting for its confirm (256 in flight),
/// and the generated dispatcher taking a delivery, deserializing it, calling the handler and acking.
/// The publish path must allocate 0 B; the dispatch path allocates only the deserialized record, which
/// <see cref="DeserializeOnly"/> shows on its own.
/// </summary>
[MemoryDiagnoser]
public class TypedPathBenchmarks
{
    private const int Batch = 1000;
    private const int InFlight = 256;

    private static readonly MessageDescriptor<OrderPlaced> Descriptor = new("compare.order-placed", CompareJson.Default.OrderPlaced);

    private readonly Queue<ValueTask> _pending = new(InFlight);
    private LoopbackBroker _broker = null!;
    private AmqpConnection _connection = null!;
    private AmqpMessaging _messaging = null!;
    private ICompareOrders _orders = null!;
    private RecoveringMessaging _recovering = null!;
    private ICompareOrders _injectedOrders = null!;
    private CountingHandler _handler = null!;
    private AmqpConsumer _consumer = null!;
    private byte[] _deliveries = null!;
    private int _deliveryTemplateLength;
    private ulong _nextDeliveryTag = 1;
    private ReadOnlyMemory<byte> _body;
    private AmqpChannel _rawChannel = null!;
    private readonly byte[] _rawBody = new byte[256];
    private readonly BasicProperties _rawProperties = new() { ContentType = "application/octet-stream", MessageId = "raw" };

    [GlobalSetup]
    public async Task SetupAsync()
    {
        (_broker, _connection) = await LoopbackBroker.ConnectAsync();
        _messaging = new AmqpMessaging(_connection);
        _orders = _messaging.CreateCompareOrdersPublisher();

        // What a host injects: the publisher over RecoveringMessaging (here on the same in-memory connection).
        _recovering = new RecoveringMessaging(new AmqpConnectionOptions(), new RecoveryOptions()) { OpenConnection = (_, _) => ValueTask.FromResult(_connection) };
        await _recovering.ConnectAsync();
        _injectedOrders = _recovering.CreateCompareOrdersPublisher();
        _handler = new CountingHandler();
        _consumer = (AmqpConsumer)await _messaging.StartCompareOrderHandlerAsync(_handler); // the 0-9-1 consumer, for its channel number
        _rawChannel = await _connection.OpenChannelAsync();
        await _rawChannel.ConfirmSelectAsync();

        var body = new PooledBufferWriter();
        JsonMessageBody.Write(body, SampleMessages.Order, Descriptor);
        _body = body.WrittenMemory.ToArray();
        var properties = new BasicProperties { ContentType = "application/json", Type = "compare.order-placed", MessageId = Guid.NewGuid().ToString("N"), DeliveryMode = DeliveryMode.Persistent };
        var frames = new PooledBufferWriter();
        FrameWriter.WriteMethod(frames, _consumer.Channel.Number, new DeliverMethod());
        FrameWriter.WriteContentHeader(frames, _consumer.Channel.Number, (ulong)_body.Length, properties, FrameConstants.DefaultFrameMax);
        FrameWriter.WriteBody(frames, _consumer.Channel.Number, _body.Span, 131072);
        _deliveryTemplateLength = frames.WrittenCount;
        _deliveries = new byte[_deliveryTemplateLength * Batch];
        for (int i = 0; i < Batch; i++) frames.WrittenSpan.CopyTo(_deliveries.AsSpan(i * _deliveryTemplateLength));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _messaging.DisposeAsync();
        await _recovering.DisposeAsync();
        await _connection.CloseAsync(new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token).AsTask().ContinueWith(_ => { });
        await _broker.DisposeAsync();
    }

    /// <summary>Generated publisher: serialize, frame, write, and await the confirm, with 256 publishes in flight.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task GeneratedPublish()
    {
        for (int i = 0; i < Batch; i++)
        {
            if (_pending.Count == InFlight) await _pending.Dequeue();
            _pending.Enqueue(_orders.Placed(SampleMessages.Order));
        }

        while (_pending.Count > 0) await _pending.Dequeue();
    }

    /// <summary>The same generated publish through RecoveringMessaging, the path publishers injected by the host take.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task InjectedPublish()
    {
        for (int i = 0; i < Batch; i++)
        {
            if (_pending.Count == InFlight) await _pending.Dequeue();
            _pending.Enqueue(_injectedOrders.Placed(SampleMessages.Order));
        }

        while (_pending.Count > 0) await _pending.Dequeue();
    }

    /// <summary>The same publish without the typed layer: 256 bytes, confirms, 256 in flight, on a channel of its own.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task RawPublish()
    {
        for (int i = 0; i < Batch; i++)
        {
            if (_pending.Count == InFlight) await _pending.Dequeue();
            _pending.Enqueue(_rawChannel.PublishAsync("typedamqp.compare.typed", "order", _rawBody, _rawProperties));
        }

        while (_pending.Count > 0) await _pending.Dequeue();
    }

    /// <summary>Generated dispatcher: parse the delivery, check its type, deserialize, call the handler, ack.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task GeneratedDispatch()
    {
        // Number this batch's deliveries as the broker would; the tag follows class, method and the consumer tag.
        int deliveryTagOffset = FrameConstants.HeaderSize + 4 + 1 + LoopbackBroker.ConsumerTag.Length;
        for (int i = 0; i < Batch; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(_deliveries.AsSpan(i * _deliveryTemplateLength + deliveryTagOffset), _nextDeliveryTag++);
        }

        _handler.Expect(Batch);
        await _broker.SendRawAsync(_deliveries);
        _handler.Wait();
    }

    /// <summary>What the dispatch path allocates that is the user's: the record read from the same JSON body.</summary>
    [Benchmark]
    public OrderPlaced DeserializeOnly() => JsonMessageBody.Read(_body, Descriptor);

    private sealed class CountingHandler : ICompareOrderHandler
    {
        private readonly SemaphoreSlim _done = new(0, 1);
        private int _remaining;

        public void Expect(int count) => Volatile.Write(ref _remaining, count);

        // Blocks the benchmark thread instead of awaiting, so waiting itself allocates nothing.
        public void Wait()
        {
            if (!_done.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException($"{Volatile.Read(ref _remaining)} deliveries never reached the handler");
        }

        public ValueTask Handle(OrderPlaced order, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref _remaining) == 0) _done.Release();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>basic.deliver to the loopback broker's consumer tag; the delivery tag is patched per message.</summary>
    private readonly struct DeliverMethod : IOutgoingMethod
    {
        public uint Id => MethodId.BasicDeliver;
        public int MaxArgumentsSize => 128;

        public void WriteArguments(ref AmqpWriter writer)
        {
            writer.WriteShortString(LoopbackBroker.ConsumerTag);
            writer.WriteLongLong(0);
            writer.WriteBit(false);
            writer.WriteShortString("typedamqp.compare.typed");
            writer.WriteShortString("order");
        }
    }
}
