namespace TypedAmqp.Compare;

/// <summary>
/// Measures what the size of a message's property block costs the broker: the same messages, published with confirms
/// and consumed with multiple acks, once with a block of 64 bytes and once with 65. RabbitMQ (an Erlang program) keeps
/// binaries of up to 64 bytes on a process's own heap and larger ones by reference, which shows as a step in its CPU
/// per message; TypedAmqp's typed properties are made compact to stay under it where the wire name allows.
/// </summary>
internal sealed class PropertyBlockProbe
{
    /// <summary>The block's size without the type name: flags (2), content type (1 + 16), delivery mode (1), a 22-character message id (1 + 22), timestamp (8), the type name's length (1).</summary>
    private const int SizeWithoutTypeName = 2 + 17 + 1 + 23 + 8 + 1;

    private readonly AmqpChannel _channel;
    private readonly string _queue;
    private readonly byte[] _body;
    private readonly BasicProperties _properties;

    private PropertyBlockProbe(AmqpChannel channel, string queue, byte[] body, int blockSize)
    {
        _channel = channel;
        _queue = queue;
        _body = body;
        BlockSize = blockSize;
        _properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryMode.Persistent,
            MessageId = "AAAAAAAAAAAAAAAAAAAAAA",
            Timestamp = AmqpTimestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            Type = new string('t', blockSize - SizeWithoutTypeName),
        };
    }

    /// <summary>The size of the property block (flags included) that this probe's messages carry.</summary>
    public int BlockSize { get; }

    public string Name => $"{BlockSize}-byte property block";

    public static async Task<PropertyBlockProbe> OpenAsync(AmqpConnection connection, string queue, byte[] body, int blockSize)
    {
        AmqpChannel channel = await connection.OpenChannelAsync();
        await channel.ConfirmSelectAsync();
        return new PropertyBlockProbe(channel, queue, body, blockSize);
    }

    public async Task PublishAsync(int count)
    {
        var pending = new Queue<ValueTask>(256);
        for (int i = 0; i < count; i++)
        {
            if (pending.Count == 256) await pending.Dequeue();
            pending.Enqueue(_channel.PublishAsync("", _queue, _body, _properties));
        }

        while (pending.Count > 0) await pending.Dequeue();
    }

    public async Task ConsumeAsync(int count)
    {
        await using AmqpChannel channel = await _channel.Connection.OpenChannelAsync();
        await channel.BasicQosAsync(1000);
        int received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AmqpConsumer consumer = await channel.ConsumeAsync(_queue, (delivery, ct) =>
        {
            int n = ++received;
            if (n == count) done.TrySetResult();
            return n % 100 == 0 || n == count ? channel.BasicAckAsync(delivery.DeliveryTag, multiple: true, ct) : ValueTask.CompletedTask;
        });
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await consumer.CancelAsync();
    }
}
