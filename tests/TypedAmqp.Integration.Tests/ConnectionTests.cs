using System.Diagnostics;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration;

public sealed class ConnectionTests
{
    [BrokerFact]
    public async Task Passive_declare_of_a_missing_queue_fails_with_404_and_the_connection_survives()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        AmqpChannel channel = await connection.OpenChannelAsync();
        await using AmqpChannel other = await connection.OpenChannelAsync();

        AmqpChannelClosedException error = await Assert.ThrowsAsync<AmqpChannelClosedException>(
            async () => await channel.QueueDeclarePassiveAsync(Broker.UniqueName("missing")));

        Assert.Equal(ReplyCode.NotFound, error.ReplyCode);
        Assert.Equal("queue.declare", error.Reason.MethodName);
        Assert.Contains("NOT_FOUND", error.Message);
        Assert.False(channel.IsOpen);
        await Assert.ThrowsAsync<AmqpChannelClosedException>(async () => await channel.QueueDeclareAsync("", durable: false, exclusive: true));
        Assert.True(connection.IsOpen);
        Assert.True(other.IsOpen);
        QueueDeclareResult queue = await other.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        Assert.NotEmpty(queue.QueueName);
        await using AmqpChannel third = await connection.OpenChannelAsync();
        Assert.True(third.IsOpen);
    }

    [BrokerFact]
    public async Task Conflicting_redeclaration_fails_with_precondition_failed()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        string exchange = Broker.UniqueName("conflict");
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: false, autoDelete: true);
        AmqpChannel second = await connection.OpenChannelAsync();

        AmqpChannelClosedException error = await Assert.ThrowsAsync<AmqpChannelClosedException>(
            async () => await second.ExchangeDeclareAsync(exchange, ExchangeType.Direct, durable: false, autoDelete: true));

        Assert.Equal(ReplyCode.PreconditionFailed, error.ReplyCode);
        Assert.Equal("exchange.declare", error.Reason.MethodName);
    }

    [BrokerFact]
    public async Task Wrong_password_fails_with_an_authentication_exception_within_a_second()
    {
        AmqpConnectionOptions options = Broker.Options();
        options.Password = "definitely-wrong-" + Guid.NewGuid();
        var timer = Stopwatch.StartNew();

        AmqpAuthenticationException error = await Assert.ThrowsAsync<AmqpAuthenticationException>(async () => await AmqpConnection.ConnectAsync(options));

        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(1), $"took {timer.Elapsed}");
        Assert.Contains(options.UserName, error.Message);
        Assert.DoesNotContain(options.Password, error.Message);
        Assert.Contains("ACCESS_REFUSED", error.Message);
    }

    [BrokerFact]
    public async Task Unknown_virtual_host_fails_with_a_virtual_host_exception()
    {
        AmqpConnectionOptions options = Broker.Options();
        options.VirtualHost = "no-such-vhost-" + Guid.NewGuid().ToString("N");

        AmqpVirtualHostException error = await Assert.ThrowsAsync<AmqpVirtualHostException>(async () => await AmqpConnection.ConnectAsync(options));

        Assert.Equal(options.VirtualHost, error.VirtualHost);
        Assert.Contains(options.VirtualHost, error.Message);
    }

    [BrokerFact]
    public async Task Heartbeats_keep_an_idle_connection_open_past_three_intervals()
    {
        AmqpConnectionOptions options = Broker.Options();
        options.Heartbeat = TimeSpan.FromSeconds(1);
        await using AmqpConnection connection = await AmqpConnection.ConnectAsync(options);
        Assert.Equal(TimeSpan.FromSeconds(1), connection.Heartbeat);

        await Task.Delay(TimeSpan.FromSeconds(3.5));

        Assert.True(connection.IsOpen, connection.CloseReason?.ToString());
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        Assert.True(channel.IsOpen);
    }

    [BrokerFact]
    public async Task Connection_reports_negotiated_settings_and_server_properties()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync("negotiation-test");
        Assert.Equal("RabbitMQ", connection.ServerProperties["product"]);
        Assert.True(connection.FrameMax >= 4096);
        Assert.True(connection.ChannelMax > 0);
        Assert.DoesNotContain("guest:guest", connection.Endpoint);
    }

    [BrokerFact]
    public async Task Closing_the_connection_fails_open_channels_with_a_clear_exception()
    {
        AmqpConnection connection = await Broker.ConnectAsync();
        AmqpChannel channel = await connection.OpenChannelAsync();

        await connection.CloseAsync();

        Assert.False(connection.IsOpen);
        Assert.Equal(CloseInitiator.Application, connection.CloseReason!.Initiator);
        Assert.False(channel.IsOpen);
        await Assert.ThrowsAsync<AmqpConnectionClosedException>(async () => await channel.PublishAsync("", "q", new byte[1]));
        await Assert.ThrowsAsync<AmqpConnectionClosedException>(async () => await connection.OpenChannelAsync());
    }
}
