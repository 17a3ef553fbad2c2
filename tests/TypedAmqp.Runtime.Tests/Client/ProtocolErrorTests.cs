using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

/// <summary>Broken input from the broker: each case closes the connection with the spec's reply code and fails waiters.</summary>
public sealed class ProtocolErrorTests
{
    private static async Task<(ushort SentCode, AmqpConnectionClosedException Error)> ExpectConnectionErrorAsync(
        FakeBroker broker, AmqpConnection connection, Task? pendingOperation = null)
    {
        ReceivedFrame close = await broker.ExpectMethodAsync(MethodId.ConnectionClose);
        AmqpReader reader = close.Arguments();
        ushort sentCode = reader.ReadShort();
        CloseReason reason = await connection.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(connection.IsOpen);
        Assert.Equal(sentCode, reason.ReplyCode);
        if (pendingOperation is not null)
        {
            AmqpConnectionClosedException failed = await Assert.ThrowsAsync<AmqpConnectionClosedException>(() => pendingOperation.WaitAsync(TimeSpan.FromSeconds(5)));
            return (sentCode, failed);
        }

        return (sentCode, Assert.ThrowsAsync<AmqpConnectionClosedException>(async () => await connection.OpenChannelAsync()).Result);
    }

    [Fact]
    public async Task A_wrong_frame_end_closes_the_connection_with_501_and_fails_the_pending_call()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        Task declare = channel.QueueDeclareAsync("q").AsTask();
        await broker.ExpectMethodAsync(MethodId.QueueDeclare);

        byte[] frame = FakeBroker.Encode(b => FrameWriter.WriteMethod(b, channel.Number, new ServerMethod(MethodId.QueueDeclareOk, static (ref AmqpWriter w) =>
        {
            w.WriteShortString("q");
            w.WriteLong(0);
            w.WriteLong(0);
        })));
        frame[^1] = 0xAB;
        await broker.SendRawAsync(frame);

        (ushort code, AmqpConnectionClosedException error) = await ExpectConnectionErrorAsync(broker, connection, declare);
        Assert.Equal(ReplyCode.FrameError, code);
        Assert.IsType<AmqpProtocolException>(error.InnerException);
        Assert.Contains("frame-end", error.Message);
    }

    [Fact]
    public async Task An_unknown_method_is_540_not_implemented()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.Of(60, 250)));

        (ushort code, AmqpConnectionClosedException error) = await ExpectConnectionErrorAsync(broker, connection);
        Assert.Equal(ReplyCode.NotImplemented, code);
        Assert.Contains("method 60.250", error.Message);
    }

    [Fact]
    public async Task Content_on_a_channel_with_no_pending_method_is_505_unexpected_frame()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        await broker.SendRawAsync(FakeBroker.Encode(b => FrameWriter.WriteContentHeader(b, channel.Number, 3, null, FrameConstants.DefaultFrameMax)));

        (ushort code, AmqpConnectionClosedException error) = await ExpectConnectionErrorAsync(broker, connection);
        Assert.Equal(ReplyCode.UnexpectedFrame, code);
        Assert.Contains("content header", error.Message);
    }

    [Fact]
    public async Task A_frame_over_frame_max_is_501()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync(o => o.FrameMax = 4096);
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        await broker.SendRawAsync(FakeBroker.Encode(b => FrameWriter.WriteBody(b, channel.Number, new byte[10_000], 20_000)));

        (ushort code, AmqpConnectionClosedException error) = await ExpectConnectionErrorAsync(broker, connection);
        Assert.Equal(ReplyCode.FrameError, code);
        Assert.Contains("frame_max of 4096", error.Message);
    }

    [Fact]
    public async Task A_truncated_method_is_a_frame_error()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;

        // A connection.close that stops after its reply code.
        await broker.SendMethodAsync(0, new ServerMethod(MethodId.ConnectionClose, static (ref AmqpWriter w) => w.WriteShort(320)));

        (ushort code, AmqpConnectionClosedException _) = await ExpectConnectionErrorAsync(broker, connection);
        Assert.Equal(ReplyCode.FrameError, code);
    }

    [Fact]
    public async Task A_frame_on_a_channel_that_was_never_opened_is_504()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;

        await broker.SendMethodAsync(9, new ServerMethod(MethodId.ChannelOpenOk, static (ref AmqpWriter w) => w.WriteLongString("")));

        (ushort code, AmqpConnectionClosedException _) = await ExpectConnectionErrorAsync(broker, connection);
        Assert.Equal(ReplyCode.ChannelError, code);
    }

    [Fact]
    public async Task The_socket_closing_mid_frame_fails_everything_without_hanging()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        Task declare = channel.ExchangeDeclareAsync("x", "topic").AsTask();
        await broker.ExpectMethodAsync(MethodId.ExchangeDeclare);

        await broker.SendRawAsync([1, 0, 1, 0, 0]);
        await broker.ToClient.CompleteAsync();

        AmqpConnectionClosedException error = await Assert.ThrowsAsync<AmqpConnectionClosedException>(() => declare.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("middle of a frame", error.Message);
        Assert.Equal(CloseInitiator.Library, error.Reason.Initiator);
    }

    [Fact]
    public async Task A_broker_close_carries_code_text_class_and_method()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        await broker.SendMethodAsync(0, new CloseMethod(MethodId.ConnectionClose, ReplyCode.ConnectionForced, "CONNECTION_FORCED - broker shutdown", 0, 0));

        await broker.ExpectMethodAsync(MethodId.ConnectionCloseOk);
        CloseReason reason = await connection.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ReplyCode.ConnectionForced, reason.ReplyCode);
        Assert.Equal(CloseInitiator.Broker, reason.Initiator);
        AmqpConnectionClosedException error = await Assert.ThrowsAsync<AmqpConnectionClosedException>(async () => await channel.QueueDeclareAsync("q"));
        Assert.Contains("CONNECTION_FORCED", error.Message);
    }

    [Fact]
    public async Task A_channel_close_carries_the_failed_method_and_leaves_the_connection_open()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        Task declare = channel.QueueDeclarePassiveAsync("missing").AsTask();
        await broker.ExpectMethodAsync(MethodId.QueueDeclare);

        await broker.SendMethodAsync(channel.Number, new CloseMethod(MethodId.ChannelClose, ReplyCode.NotFound, "NOT_FOUND - no queue 'missing'", 50, 10));

        AmqpChannelClosedException error = await Assert.ThrowsAsync<AmqpChannelClosedException>(() => declare.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(ReplyCode.NotFound, error.ReplyCode);
        Assert.Equal("queue.declare", error.Reason.MethodName);
        await broker.ExpectMethodAsync(MethodId.ChannelCloseOk);
        Assert.True(connection.IsOpen);
        AmqpChannel second = await broker.OpenChannelAsync(connection);
        Assert.Equal(channel.Number, second.Number);
    }

    [Fact]
    public async Task A_channel_whose_close_was_not_answered_keeps_its_number_until_the_broker_answers()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);

        // The caller gives up waiting for close-ok: the broker still holds the channel.
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await channel.CloseAsync(giveUp.Token));
        await broker.ExpectMethodAsync(MethodId.ChannelClose);
        Assert.False(channel.IsOpen);

        // So a new channel must not reuse its number (the broker would close the connection with 504)...
        Task<AmqpChannel> opening = connection.OpenChannelAsync().AsTask();
        ReceivedFrame open = await broker.ExpectMethodAsync(MethodId.ChannelOpen);
        Assert.NotEqual(channel.Number, open.Channel);
        await broker.SendMethodAsync(open.Channel, new ServerMethod(MethodId.ChannelOpenOk, static (ref AmqpWriter w) => w.WriteLongString("")));
        AmqpChannel second = await opening.WaitAsync(TimeSpan.FromSeconds(5));

        // ...until the late close-ok frees it.
        await broker.SendMethodAsync(channel.Number, new EmptyMethod(MethodId.ChannelCloseOk));
        AmqpChannel third = null!;
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(5); await Task.Delay(10))
        {
            Task<AmqpChannel> reopening = connection.OpenChannelAsync().AsTask();
            ReceivedFrame reopen = await broker.ExpectMethodAsync(MethodId.ChannelOpen);
            await broker.SendMethodAsync(reopen.Channel, new ServerMethod(MethodId.ChannelOpenOk, static (ref AmqpWriter w) => w.WriteLongString("")));
            third = await reopening.WaitAsync(TimeSpan.FromSeconds(5));
            if (third.Number == channel.Number) break;
        }

        Assert.Equal(channel.Number, third.Number);
        Assert.True(connection.IsOpen);
        Assert.True(second.IsOpen);
    }
}
