using BenchmarkDotNet.Attributes;
using RabbitMQ.Client;
using TypedAmqp.Amqp091;
using RabbitProperties = RabbitMQ.Client.BasicProperties;

namespace TypedAmqp.Benchmarks;

/// <summary>
/// Publishing a 256-byte message to the real broker, TypedAmqp beside RabbitMQ.Client 7 in the same run: without
/// confirms, and with each publish awaited until the broker confirms it. Needs the broker (eng/broker.sh start);
/// TYPEDAMQP_TEST_URI overrides the address.
/// </summary>
[MemoryDiagnoser]
public class BrokerPublishBenchmarks
{
    private static readonly string Uri = Environment.GetEnvironmentVariable("TYPEDAMQP_TEST_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
    private readonly byte[] _body = new byte[256];
    private readonly Dictionary<string, object?> _queueArguments = new() { ["x-max-length"] = 10_000 };
    private string _queue = "";

    private AmqpConnection _typedConnection = null!;
    private AmqpChannel _typedChannel = null!;
    private AmqpChannel _typedConfirmChannel = null!;
    private readonly TypedAmqp.Amqp091.BasicProperties _typedProperties = new() { ContentType = "application/octet-stream", MessageId = "benchmark" };

    private IConnection _rabbitConnection = null!;
    private IChannel _rabbitChannel = null!;
    private IChannel _rabbitConfirmChannel = null!;
    private readonly RabbitProperties _rabbitProperties = new() { ContentType = "application/octet-stream", MessageId = "benchmark" };

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _typedConnection = await AmqpConnection.ConnectAsync(Uri);
        _typedChannel = await _typedConnection.OpenChannelAsync();
        _queue = (await _typedChannel.QueueDeclareAsync("typedamqp.benchmark.publish", durable: false, autoDelete: false, arguments: _queueArguments)).QueueName;
        _typedConfirmChannel = await _typedConnection.OpenChannelAsync();
        await _typedConfirmChannel.ConfirmSelectAsync();

        var factory = new ConnectionFactory { Uri = new Uri(Uri) };
        _rabbitConnection = await factory.CreateConnectionAsync();
        _rabbitChannel = await _rabbitConnection.CreateChannelAsync();
        _rabbitConfirmChannel = await _rabbitConnection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _typedChannel.QueueDeleteAsync(_queue);
        await _typedConnection.CloseAsync();
        await _rabbitConnection.CloseAsync();
    }

    [Benchmark(Baseline = true)]
    public ValueTask RabbitMQClient_Publish() =>
        _rabbitChannel.BasicPublishAsync("", _queue, mandatory: false, _rabbitProperties, _body);

    [Benchmark]
    public ValueTask TypedAmqp_Publish() =>
        _typedChannel.PublishAsync("", _queue, _body, _typedProperties);

    [Benchmark]
    public ValueTask RabbitMQClient_PublishAwaitingConfirm() =>
        _rabbitConfirmChannel.BasicPublishAsync("", _queue, mandatory: false, _rabbitProperties, _body);

    [Benchmark]
    public ValueTask TypedAmqp_PublishAwaitingConfirm() =>
        _typedConfirmChannel.PublishAsync("", _queue, _body, _typedProperties);
}
