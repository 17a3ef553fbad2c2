using TypedAmqp.Amqp10;

namespace TypedAmqp.Integration.Amqp10;

public sealed class Amqp10ConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [BrokerFact]
    public async Task Wrong_credentials_are_an_authentication_exception_naming_the_endpoint_and_user_but_not_the_password()
    {
        Amqp10ConnectionOptions options = Amqp10Broker.Options(password: "not-the-Password-42");
        var error = await Assert.ThrowsAsync<AmqpAuthenticationException>(() => Amqp10Connection.ConnectAsync(options).WaitAsync(Timeout));
        Assert.Contains(options.Endpoint, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{options.UserName}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-Password-42", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_over_unencrypted_TCP_is_refused_before_connecting_unless_allowed()
    {
        var options = new Amqp10ConnectionOptions { Host = "127.0.0.1", Port = 1, UserName = "guest", Password = "secret-pw" };
        var error = await Assert.ThrowsAsync<AmqpAuthenticationException>(() => Amqp10Connection.ConnectAsync(options));
        Assert.Contains("AllowInsecureMechanisms", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", error.Message, StringComparison.Ordinal);
    }

    [BrokerFact]
    public async Task The_server_s_mechanisms_and_open_are_exposed_and_a_clean_close_leaves_no_failure()
    {
        await using Amqp10Connection connection = await Amqp10Connection.ConnectAsync(Amqp10Broker.Options());
        Assert.Contains("PLAIN", connection.ServerMechanisms);
        Assert.False(string.IsNullOrEmpty(connection.RemoteOpen.ContainerId));
        await connection.CloseAsync().WaitAsync(Timeout);
        Assert.True(connection.Closed.IsCompleted);
        Assert.Null(connection.Failure);
    }

    [BrokerFact]
    public async Task An_idle_connection_with_a_short_idle_timeout_stays_open_through_heartbeats()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("idle");
        await using Amqp10Connection connection = await Amqp10Connection.ConnectAsync(Amqp10Broker.Options(idleTimeout: TimeSpan.FromSeconds(2)));
        Amqp10Session session = await connection.BeginSessionAsync();
        Amqp10SenderLink sender = await session.AttachSenderAsync("sender", broker.Address(queue));
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Null(connection.Failure);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(new Amqp10Message { Data = "alive"u8.ToArray() }).AsTask().WaitAsync(Timeout))?.Kind);
        await connection.CloseAsync().WaitAsync(Timeout);
    }

    [Fact]
    public async Task Nothing_listening_is_a_closed_exception_naming_the_endpoint()
    {
        var options = new Amqp10ConnectionOptions { Host = "127.0.0.1", Port = 1 };
        var error = await Assert.ThrowsAsync<Amqp10ClosedException>(() => Amqp10Connection.ConnectAsync(options));
        Assert.Contains("amqp://127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    [BrokerFact]
    public async Task A_session_begun_right_after_one_ended_gets_another_channel_and_is_answered()
    {
        // RabbitMQ 4.0.5 could leave a begin unanswered when it reused the channel of a session it had just ended.
        await using Amqp10Connection connection = await Amqp10Connection.ConnectAsync(Amqp10Broker.Options());
        Amqp10Session first = await connection.BeginSessionAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Amqp10Session ended = await connection.BeginSessionAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await ended.EndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Amqp10Session next = await connection.BeginSessionAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([0, 1, 2], new[] { first.Channel, ended.Channel, next.Channel }.Select(c => (int)c));
        await connection.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
