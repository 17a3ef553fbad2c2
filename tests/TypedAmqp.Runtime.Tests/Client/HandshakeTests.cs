using System.Buffers;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

public sealed class HandshakeTests
{
    private static Task<AmqpConnection> StartConnecting(FakeBroker broker, AmqpConnectionOptions? options = null) =>
        AmqpConnection.ConnectAsync(broker.ClientTransport, null, options ?? new AmqpConnectionOptions { UserName = "alice", Password = "s3cret" }, null, CancellationToken.None).AsTask();

    private static async Task SendStartAndReadStartOkAsync(FakeBroker broker, string mechanisms = "PLAIN")
    {
        await broker.ReadBytesAsync(8);
        await broker.SendMethodAsync(0, new ServerMethod(MethodId.ConnectionStart, (ref AmqpWriter w) =>
        {
            w.WriteOctet(0);
            w.WriteOctet(9);
            w.WriteTable(null);
            w.WriteLongString(mechanisms);
            w.WriteLongString("en_US");
        }));
    }

    [Fact]
    public async Task Start_ok_announces_capabilities_and_sends_plain_credentials()
    {
        await using var broker = new FakeBroker();
        Task<AmqpConnection> connecting = StartConnecting(broker, new AmqpConnectionOptions { UserName = "alice", Password = "s3cret", ClientName = "billing" });
        await SendStartAndReadStartOkAsync(broker);

        ReceivedFrame startOk = await broker.ExpectMethodAsync(MethodId.ConnectionStartOk);
        AmqpReader reader = startOk.Arguments();
        Dictionary<string, object?> properties = reader.ReadTable();
        string mechanism = reader.ReadShortString();
        byte[] response = reader.ReadLongStringBytes().ToArray();

        var capabilities = (Dictionary<string, object?>)properties["capabilities"]!;
        foreach (string capability in new[] { "publisher_confirms", "exchange_exchange_bindings", "basic.nack", "consumer_cancel_notify", "connection.blocked", "authentication_failure_close" })
        {
            Assert.Equal(true, capabilities[capability]);
        }

        Assert.Equal("billing", properties["connection_name"]);
        Assert.Equal("PLAIN", mechanism);
        Assert.Equal("\0alice\0s3cret"u8.ToArray(), response);
        await broker.ToClient.CompleteAsync();
        await Assert.ThrowsAsync<AmqpAuthenticationException>(() => connecting);
    }

    [Fact]
    public async Task Access_refused_during_the_handshake_is_an_authentication_exception_without_the_password()
    {
        await using var broker = new FakeBroker();
        Task<AmqpConnection> connecting = StartConnecting(broker);
        await SendStartAndReadStartOkAsync(broker);
        await broker.ExpectMethodAsync(MethodId.ConnectionStartOk);

        await broker.SendMethodAsync(0, new CloseMethod(MethodId.ConnectionClose, ReplyCode.AccessRefused, "ACCESS_REFUSED - Login was refused", 0, 0));

        AmqpAuthenticationException error = await Assert.ThrowsAsync<AmqpAuthenticationException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("alice", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
        await broker.ExpectMethodAsync(MethodId.ConnectionCloseOk);
    }

    [Fact]
    public async Task A_missing_sasl_mechanism_is_named()
    {
        await using var broker = new FakeBroker();
        Task<AmqpConnection> connecting = StartConnecting(broker);
        await SendStartAndReadStartOkAsync(broker, mechanisms: "AMQPLAIN");

        AmqpAuthenticationException error = await Assert.ThrowsAsync<AmqpAuthenticationException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("PLAIN", error.Message);
        Assert.Contains("AMQPLAIN", error.Message);
    }

    [Fact]
    public async Task A_broker_that_answers_with_another_protocol_header_is_reported()
    {
        await using var broker = new FakeBroker();
        Task<AmqpConnection> connecting = StartConnecting(broker);
        await broker.ReadBytesAsync(8);
        await broker.SendRawAsync("AMQP\0\0\u0009\u0000"u8.ToArray());

        AmqpProtocolException error = await Assert.ThrowsAsync<AmqpProtocolException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("does not speak AMQP 0-9-1", error.Message);
    }

    [Fact]
    public async Task Tune_takes_the_smaller_non_zero_values()
    {
        var broker = new FakeBroker { ChannelMax = 100, FrameMax = 65536, Heartbeat = 30 };
        Task<AmqpConnection> connecting = AmqpConnection.ConnectAsync(broker.ClientTransport, null,
            new AmqpConnectionOptions { ChannelMax = 2047, FrameMax = 131072, Heartbeat = TimeSpan.FromSeconds(60) }, null, CancellationToken.None).AsTask();
        await broker.RunHandshakeAsync();
        await using AmqpConnection connection = await connecting;

        Assert.Equal((ushort)100, connection.ChannelMax);
        Assert.Equal(65536u, connection.FrameMax);
        Assert.Equal(TimeSpan.FromSeconds(30), connection.Heartbeat);
        _ = broker.DisposeAsync();
    }

    [Fact]
    public async Task A_silent_broker_is_detected_after_two_missed_heartbeat_intervals()
    {
        var broker = new FakeBroker { Heartbeat = 1 };
        Task<AmqpConnection> connecting = AmqpConnection.ConnectAsync(broker.ClientTransport, null,
            new AmqpConnectionOptions { Heartbeat = TimeSpan.FromSeconds(1) }, null, CancellationToken.None).AsTask();
        await broker.RunHandshakeAsync();
        AmqpConnection connection = await connecting;

        // The client keeps sending heartbeats while it hears nothing back.
        ReceivedFrame heartbeat = await broker.ReadFrameAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(FrameType.Heartbeat, heartbeat.Type);

        CloseReason reason = await connection.Completion.WaitAsync(TimeSpan.FromSeconds(6));
        Assert.Contains("Missed heartbeats", reason.ReplyText);
        Assert.Equal(CloseInitiator.Library, reason.Initiator);
        await broker.DisposeAsync();
    }

    [Fact]
    public async Task Connect_times_out_when_the_broker_never_answers()
    {
        await using var broker = new FakeBroker();
        Task<AmqpConnection> connecting = AmqpConnection.ConnectAsync(broker.ClientTransport, null,
            new AmqpConnectionOptions { ConnectionTimeout = TimeSpan.FromMilliseconds(300) }, null, CancellationToken.None).AsTask();

        TimeoutException error = await Assert.ThrowsAsync<TimeoutException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("timed out", error.Message);
    }
}
