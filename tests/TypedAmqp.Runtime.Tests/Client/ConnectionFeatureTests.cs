using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

public sealed class ConnectionFeatureTests
{
    [Fact]
    public async Task Blocked_and_unblocked_notifications_raise_events()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        var blocked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var unblocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Blocked += (_, reason) => blocked.TrySetResult(reason);
        connection.Unblocked += (_, _) => unblocked.TrySetResult();

        await broker.SendMethodAsync(0, new ServerMethod(MethodId.ConnectionBlocked, static (ref AmqpWriter w) => w.WriteShortString("low on memory")));
        Assert.Equal("low on memory", await blocked.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(connection.IsBlocked);

        await broker.SendMethodAsync(0, new ServerMethod(MethodId.ConnectionUnblocked));
        await unblocked.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(connection.IsBlocked);
    }

    [Fact]
    public async Task Update_secret_sends_the_new_secret_and_waits_for_the_reply()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;

        Task updating = connection.UpdateSecretAsync("new-token", "token refresh").AsTask();
        ReceivedFrame frame = await broker.ExpectMethodAsync(MethodId.ConnectionUpdateSecret);
        AmqpReader reader = frame.Arguments();
        Assert.Equal("new-token", reader.ReadLongString());
        Assert.Equal("token refresh", reader.ReadShortString());
        Assert.False(updating.IsCompleted);

        await broker.SendMethodAsync(0, new ServerMethod(MethodId.ConnectionUpdateSecretOk));
        await updating.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Logs_never_contain_the_password()
    {
        var logger = new RecordingLogger();
        var broker = new FakeBroker();
        Task<AmqpConnection> connecting = AmqpConnection.ConnectAsync(broker.ClientTransport, null,
            new AmqpConnectionOptions { UserName = "alice", Password = "pa55-w0rd", Heartbeat = TimeSpan.Zero }, logger, CancellationToken.None).AsTask();
        await broker.RunHandshakeAsync();
        AmqpConnection connection = await connecting;
        await broker.SendMethodAsync(0, new CloseMethod(MethodId.ConnectionClose, ReplyCode.ConnectionForced, "bye", 0, 0));
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotEmpty(logger.Lines);
        Assert.Contains(logger.Lines, line => line.Contains("alice"));
        Assert.DoesNotContain(logger.Lines, line => line.Contains("pa55-w0rd"));
        Assert.DoesNotContain("pa55-w0rd", connection.Endpoint);
        await broker.DisposeAsync();
    }

    [Fact]
    public async Task A_cancelled_rpc_wait_keeps_later_replies_paired_with_their_requests()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        using var cancel = new CancellationTokenSource();
        Task first = channel.QueueDeclareAsync("first", cancellationToken: cancel.Token).AsTask();
        await broker.ExpectMethodAsync(MethodId.QueueDeclare);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        Task<QueueDeclareResult> second = channel.QueueDeclareAsync("second").AsTask();
        await Task.Delay(50);
        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.QueueDeclareOk, static (ref AmqpWriter w) => { w.WriteShortString("first"); w.WriteLong(1); w.WriteLong(0); }));
        await broker.ExpectMethodAsync(MethodId.QueueDeclare);
        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.QueueDeclareOk, static (ref AmqpWriter w) => { w.WriteShortString("second"); w.WriteLong(2); w.WriteLong(0); }));

        QueueDeclareResult result = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("second", result.QueueName);
        Assert.Equal(2u, result.MessageCount);
    }
}
