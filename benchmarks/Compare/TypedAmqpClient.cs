using TypedAmqp.Amqp091;

namespace TypedAmqp.Compare;

internal sealed class TypedAmqpClient : IClientUnderTest
{
    private readonly AmqpConnection _connection;
    private readonly AmqpChannel _channel;
    private readonly AmqpChannel _confirmChannel;
    private readonly byte[] _body;
    private readonly BasicProperties _properties;

    private readonly ConsumerOptions _handlerOptions;

    private TypedAmqpClient(AmqpConnection connection, AmqpChannel channel, AmqpChannel confirmChannel, byte[] body, bool handlersOnOwnThread, BasicProperties? properties, string? name)
    {
        Name = name ?? (handlersOnOwnThread ? "TypedAmqp, handlers on own thread" : "TypedAmqp");
        _properties = properties ?? new BasicProperties { ContentType = "application/octet-stream" };
        _handlerOptions = new ConsumerOptions { RunHandlerOnReaderThread = !handlersOnOwnThread };
        _connection = connection;
        _channel = channel;
        _confirmChannel = confirmChannel;
        _body = body;
    }

    public string Name { get; }

    /// <param name="handlersOnOwnThread">Runs each consumer handler on the consumer's own thread instead of the reader thread (<see cref="ConsumerOptions.RunHandlerOnReaderThread"/> off).</param>
    /// <param name="properties">The properties every message carries; a content type alone unless given.</param>
    /// <param name="name">The name in the report, when not one of the comparison's TypedAmqp configurations.</param>
    public static async Task<TypedAmqpClient> ConnectAsync(string uri, byte[] body, bool handlersOnOwnThread, BasicProperties? properties = null, string? name = null)
    {
        AmqpConnection connection = await AmqpConnection.ConnectAsync(uri);
        AmqpChannel channel = await connection.OpenChannelAsync();
        AmqpChannel confirm = await connection.OpenChannelAsync();
        await confirm.ConfirmSelectAsync();
        return new TypedAmqpClient(connection, channel, confirm, body, handlersOnOwnThread, properties, name);
    }

    public async Task PublishAsync(string queue, int count)
    {
        for (int i = 0; i < count; i++)
        {
            ValueTask publish = _channel.PublishAsync("", queue, _body, _properties);
            if (!publish.IsCompletedSuccessfully) await publish;
        }

        // Make sure everything reached the broker before the clock stops.
        await _confirmChannel.PublishAsync("", queue, _body, _properties);
    }

    public async Task PublishConfirmedAsync(string queue, int count, int inFlight)
    {
        var pending = new Queue<ValueTask>(inFlight);
        for (int i = 0; i < count; i++)
        {
            if (pending.Count == inFlight) await pending.Dequeue();
            pending.Enqueue(_confirmChannel.PublishAsync("", queue, _body, _properties));
        }

        while (pending.Count > 0) await pending.Dequeue();
    }

    public async Task ConsumeAsync(string queue, int count, ushort prefetch, int ackEvery)
    {
        await using AmqpChannel channel = await _connection.OpenChannelAsync();
        await channel.BasicQosAsync(prefetch);
        int received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AmqpConsumer consumer = await channel.ConsumeAsync(queue, (delivery, ct) =>
        {
            int n = ++received;
            if (n == count) done.TrySetResult();
            return n % ackEvery == 0 || n == count ? channel.BasicAckAsync(delivery.DeliveryTag, multiple: true, ct) : ValueTask.CompletedTask;
        }, _handlerOptions);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await consumer.CancelAsync();
    }

    public async Task<double[]> RequestResponseAsync(string queue, int count)
    {
        await using AmqpChannel server = await _connection.OpenChannelAsync();
        await using AmqpChannel client = await _connection.OpenChannelAsync();
        var replyProperties = new BasicProperties();
        AmqpConsumer responder = await server.ConsumeAsync(queue, async (request, ct) =>
        {
            replyProperties.CorrelationId = request.Properties.CorrelationId;
            await server.PublishAsync("", request.Properties.ReplyTo!, request.Body, replyProperties, cancellationToken: ct);
            await request.AckAsync(ct);
        }, _handlerOptions);

        TaskCompletionSource? waiting = null;
        await client.ConsumeAsync("amq.rabbitmq.reply-to", (reply, _) =>
        {
            waiting?.TrySetResult();
            return ValueTask.CompletedTask;
        }, new ConsumerOptions { AutoAck = true, RunHandlerOnReaderThread = _handlerOptions.RunHandlerOnReaderThread });

        var latencies = new double[count];
        var requestProperties = new BasicProperties { ReplyTo = "amq.rabbitmq.reply-to" };
        for (int i = 0; i < count; i++)
        {
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            requestProperties.CorrelationId = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            await client.PublishAsync("", queue, _body, requestProperties);
            await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
            latencies[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        await responder.CancelAsync();
        return latencies;
    }

    public async Task<double[]> PlainRoundTripAsync(string queue, int count)
    {
        await using AmqpChannel publisher = await _connection.OpenChannelAsync();
        await using AmqpChannel consuming = await _connection.OpenChannelAsync();
        TaskCompletionSource? waiting = null;
        AmqpConsumer consumer = await consuming.ConsumeAsync(queue, async (delivery, ct) =>
        {
            await delivery.AckAsync(ct);
            waiting?.TrySetResult();
        }, _handlerOptions);

        var latencies = new double[count];
        var properties = new BasicProperties();
        for (int i = 0; i < count; i++)
        {
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            await publisher.PublishAsync("", queue, _body, properties);
            await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
            latencies[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        await consumer.CancelAsync();
        return latencies;
    }

    public async ValueTask DisposeAsync() => await _connection.CloseAsync();
}
