using TypedAmqp.Amqp091;
using TypedAmqp.Amqp10;
using TypedAmqp.Integration.RabbitMq4;

namespace TypedAmqp.Integration.Amqp10;

/// <summary>
/// The test broker as an AMQP 1.0 peer: the same node and port as the 0-9-1 tests (RabbitMQ 4 speaks 1.0 natively,
/// 3.10 through its rabbitmq_amqp1_0 plugin, which eng/broker.sh enables). Queues are declared with the 0-9-1 client
/// first, since RabbitMQ's 1.0 addresses name queues that exist.
/// </summary>
internal sealed class Amqp10Broker : IAsyncDisposable
{
    private readonly AmqpConnection _connection;
    private readonly List<string> _queues = [];

    private Amqp10Broker(AmqpConnection connection)
    {
        _connection = connection;
        IsRabbitMq4 = ServerVersion.IsAtLeast4(connection);
    }

    public bool IsRabbitMq4 { get; }

    public static async Task<Amqp10Broker> StartAsync() => new(await Broker.ConnectAsync("TypedAmqp.Integration.Tests.Amqp10"));

    public static Amqp10ConnectionOptions Options(
        uint maxFrameSize = 64 * 1024, string? password = null, TimeSpan? idleTimeout = null, int? port = null, Amqp10ReconnectOptions? reconnect = null)
    {
        AmqpConnectionOptions uri = Broker.Options();
        return new Amqp10ConnectionOptions
        {
            Host = uri.Host,
            Port = port ?? uri.EffectivePort,
            Reconnect = reconnect,
            UserName = uri.UserName,
            Password = password ?? uri.Password,
            AllowInsecureMechanisms = true, // plain TCP to loopback: PLAIN is allowed explicitly for the tests
            VirtualHost = "vhost:/",
            MaxFrameSize = maxFrameSize,
            IdleTimeout = idleTimeout ?? TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>
    /// A new queue (not exclusive: a 0-9-1 exclusive queue is closed to other connections), deleted on dispose; durable
    /// where its type demands it (a stream).
    /// </summary>
    public async Task<string> DeclareQueueAsync(string prefix, IReadOnlyDictionary<string, object?>? arguments = null, bool durable = false)
    {
        string name = Broker.UniqueName("amqp10." + prefix);
        await using AmqpChannel channel = await _connection.OpenChannelAsync();
        await channel.QueueDeclareAsync(name, durable: durable, exclusive: false, autoDelete: false, arguments: arguments);
        _queues.Add(name);
        return name;
    }

    public async Task<uint> MessageCountAsync(string queue)
    {
        await using AmqpChannel channel = await _connection.OpenChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    /// <summary>Deletes the queue now, from under whatever links use it.</summary>
    public async Task DeleteQueueAsync(string queue)
    {
        await using AmqpChannel channel = await _connection.OpenChannelAsync();
        await channel.QueueDeleteAsync(queue);
    }

    /// <summary>
    /// The queue's address: <c>/queues/NAME</c> on RabbitMQ 4; on 3.x the plugin's legacy <c>/amq/queue/NAME</c>, which
    /// names an existing queue (its <c>/queue/NAME</c> declares the queue again, without arguments: a queue declared with
    /// x-max-length then fails with precondition-failed, and a missing queue is created instead of refused).
    /// </summary>
    public string Address(string queue) => IsRabbitMq4 ? $"/queues/{Uri.EscapeDataString(queue)}" : $"/amq/queue/{queue}";

    public async ValueTask DisposeAsync()
    {
        await using (AmqpChannel channel = await _connection.OpenChannelAsync())
        {
            foreach (string queue in _queues) await channel.QueueDeleteAsync(queue);
        }

        await _connection.DisposeAsync();
    }
}
