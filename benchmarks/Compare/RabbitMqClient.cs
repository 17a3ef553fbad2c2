using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Compare;

internal sealed class RabbitMqClient : IClientUnderTest
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly IChannel _confirmChannel;
    private readonly byte[] _body;
    private readonly RabbitMQ.Client.BasicProperties _properties = new() { ContentType = "application/octet-stream" };

    private RabbitMqClient(IConnection connection, IChannel channel, IChannel confirmChannel, byte[] body)
    {
        _connection = connection;
        _channel = channel;
        _confirmChannel = confirmChannel;
        _body = body;
    }

    public string Name => "RabbitMQ.Client 7.2.2";

    public static async Task<RabbitMqClient> ConnectAsync(string uri, byte[] body)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        IConnection connection = await factory.CreateConnectionAsync();
        IChannel channel = await connection.CreateChannelAsync();
        IChannel confirm = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new RabbitMqClient(connection, channel, confirm, body);
    }

    public async Task PublishAsync(string queue, int count)
    {
        for (int i = 0; i < count; i++)
        {
            ValueTask publish = _channel.BasicPublishAsync("", queue, false, _properties, _body);
            if (!publish.IsCompletedSuccessfully) await publish;
        }

        await _confirmChannel.BasicPublishAsync("", queue, false, _properties, _body);
    }

    public async Task PublishConfirmedAsync(string queue, int count, int inFlight)
    {
        var pending = new Queue<ValueTask>(inFlight);
        for (int i = 0; i < count; i++)
        {
            if (pending.Count == inFlight) await pending.Dequeue();
            pending.Enqueue(_confirmChannel.BasicPublishAsync("", queue, false, _properties, _body));
        }

        while (pending.Count > 0) await pending.Dequeue();
    }

    public async Task ConsumeAsync(string queue, int count, ushort prefetch, int ackEvery)
    {
        await using IChannel channel = await _connection.CreateChannelAsync();
        await channel.BasicQosAsync(0, prefetch, false);
        int received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            int n = ++received;
            if (n == count) done.TrySetResult();
            return n % ackEvery == 0 || n == count ? channel.BasicAckAsync(delivery.DeliveryTag, multiple: true).AsTask() : Task.CompletedTask;
        };
        string tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await channel.BasicCancelAsync(tag);
    }

    public async Task<double[]> RequestResponseAsync(string queue, int count)
    {
        await using IChannel server = await _connection.CreateChannelAsync();
        await using IChannel client = await _connection.CreateChannelAsync();
        var responder = new AsyncEventingBasicConsumer(server);
        responder.ReceivedAsync += async (_, request) =>
        {
            var reply = new RabbitMQ.Client.BasicProperties { CorrelationId = request.BasicProperties.CorrelationId };
            await server.BasicPublishAsync("", request.BasicProperties.ReplyTo!, false, reply, request.Body);
            await server.BasicAckAsync(request.DeliveryTag, false);
        };
        string responderTag = await server.BasicConsumeAsync(queue, autoAck: false, responder);

        TaskCompletionSource? waiting = null;
        var replies = new AsyncEventingBasicConsumer(client);
        replies.ReceivedAsync += (_, _) =>
        {
            waiting?.TrySetResult();
            return Task.CompletedTask;
        };
        await client.BasicConsumeAsync("amq.rabbitmq.reply-to", autoAck: true, replies);

        var latencies = new double[count];
        var requestProperties = new RabbitMQ.Client.BasicProperties { ReplyTo = "amq.rabbitmq.reply-to" };
        for (int i = 0; i < count; i++)
        {
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            requestProperties.CorrelationId = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            await client.BasicPublishAsync("", queue, false, requestProperties, _body);
            await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
            latencies[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        await server.BasicCancelAsync(responderTag);
        return latencies;
    }

    public async Task<double[]> PlainRoundTripAsync(string queue, int count)
    {
        await using IChannel publisher = await _connection.CreateChannelAsync();
        await using IChannel consuming = await _connection.CreateChannelAsync();
        TaskCompletionSource? waiting = null;
        var consumer = new AsyncEventingBasicConsumer(consuming);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consuming.BasicAckAsync(delivery.DeliveryTag, false);
            waiting?.TrySetResult();
        };
        string tag = await consuming.BasicConsumeAsync(queue, autoAck: false, consumer);

        var latencies = new double[count];
        var properties = new RabbitMQ.Client.BasicProperties();
        for (int i = 0; i < count; i++)
        {
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            await publisher.BasicPublishAsync("", queue, false, properties, _body);
            await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
            latencies[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        await consuming.BasicCancelAsync(tag);
        return latencies;
    }

    public async ValueTask DisposeAsync() => await _connection.CloseAsync();
}
