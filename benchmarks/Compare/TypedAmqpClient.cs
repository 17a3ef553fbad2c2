namespace TypedAmqp.Compare;

internal sealed class TypedAmqpClient : IClientUnderTest
{
    private readonly AmqpConnection _connection;
    private readonly AmqpChannel _channel;
    private readonly AmqpChannel _confirmChannel;
    private readonly byte[] _body;
    private readonly BasicProperties _properties = new() { ContentType = "application/octet-stream" };

    private TypedAmqpClient(AmqpConnection connection, AmqpChannel channel, AmqpChannel confirmChannel, byte[] body)
    {
        _connection = connection;
        _channel = channel;
        _confirmChannel = confirmChannel;
        _body = body;
    }

    public string Name => "TypedAmqp";

    public static async Task<TypedAmqpClient> ConnectAsync(string uri, byte[] body)
    {
        AmqpConnection connection = await AmqpConnection.ConnectAsync(uri);
        AmqpChannel channel = await connection.OpenChannelAsync();
        AmqpChannel confirm = await connection.OpenChannelAsync();
        await confirm.ConfirmSelectAsync();
        return new TypedAmqpClient(connection, channel, confirm, body);
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
        });
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await consumer.CancelAsync();
    }

    public async ValueTask DisposeAsync() => await _connection.CloseAsync();
}
