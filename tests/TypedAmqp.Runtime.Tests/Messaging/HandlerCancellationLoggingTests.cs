using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Messaging;
using TypedAmqp.Tests.Client;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Messaging;

/// <summary>
/// A handler cancelled because the connection was lost cannot settle its message; the broker requeues it, and the log
/// must say so, not what the policy would have done.
/// </summary>
public sealed class HandlerCancellationLoggingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task DeliverAsync(FakeBroker broker, ushort channel, byte[] body)
    {
        await broker.SendRawAsync(FakeBroker.Encode(buffer =>
        {
            FrameWriter.WriteMethod(buffer, channel, new ServerMethod(MethodId.BasicDeliver, static (ref AmqpWriter w) =>
            {
                w.WriteShortString("ctag");
                w.WriteLongLong(1);
                w.WriteBit(true); // redelivered: a raw consumer would now reject without requeue
                w.WriteShortString("");
                w.WriteShortString("work");
            }));
            FrameWriter.WriteContentHeader(buffer, channel, (ulong)body.Length, new BasicProperties { Type = "ticks" }, FrameConstants.DefaultFrameMax);
            FrameWriter.WriteBody(buffer, channel, body, FrameConstants.DefaultFrameMax);
        }));
    }

    /// <summary>Starts a consumer with <paramref name="handler"/>, delivers one message, and closes the connection once the handler runs.</summary>
    private static async Task RunUntilConnectionLossAsync(Func<Delivery, CancellationToken, ValueTask> handler, TaskCompletionSource handling, TaskCompletionSource handled)
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        Task<AmqpConsumer> consuming = channel.ConsumeAsync("work", async (delivery, token) =>
        {
            try
            {
                await handler(delivery, token);
            }
            finally
            {
                handled.TrySetResult();
            }
        }).AsTask();
        await broker.ExpectMethodAsync(MethodId.BasicConsume);
        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.BasicConsumeOk, static (ref AmqpWriter w) => w.WriteShortString("ctag")));
        await consuming.WaitAsync(Timeout);

        await DeliverAsync(broker, channel.Number, "{\"Number\":3}"u8.ToArray());
        await handling.Task.WaitAsync(Timeout);
        await broker.SendMethodAsync(0, new CloseMethod(MethodId.ConnectionClose, ReplyCode.ConnectionForced, "CONNECTION_FORCED - operator", 0, 0));
        await handled.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_typed_handler_cancelled_by_a_connection_loss_is_logged_as_requeued_by_the_broker_not_dead_lettered()
    {
        var logger = new RecordingLogger();
        var descriptor = new MessageDescriptor<AllocationTick>("ticks", AllocationJson.Default.AllocationTick);
        var policy = new DispatchPolicy(requeueOnFailure: false); // the policy would dead-letter a failed message
        var handling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DispatchOutcome? outcome = null;

        await RunUntilConnectionLossAsync(async (delivery, token) =>
        {
            outcome = await MessageDispatch.HandleAsync(delivery, descriptor, handling, static async (started, _, cancellationToken) =>
            {
                started.TrySetResult();
                await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            }, policy, null, logger, null, token);
        }, handling, handled);

        Assert.Equal(DispatchOutcome.HandlerFailed, outcome);
        string line = Assert.Single(logger.Lines, l => l.Contains("delivery 1", StringComparison.Ordinal));
        Assert.Contains("the broker requeues it", line);
        Assert.DoesNotContain("dead-lettered", line);
        Assert.DoesNotContain("rejected", line);
    }

    [Fact]
    public async Task A_typed_handler_that_fails_while_its_channel_is_open_is_still_dead_lettered_and_logged_so()
    {
        var logger = new RecordingLogger();
        var descriptor = new MessageDescriptor<AllocationTick>("ticks", AllocationJson.Default.AllocationTick);
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        AmqpChannel channel = await broker.OpenChannelAsync(connection);
        var dispatched = new TaskCompletionSource<DispatchOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<AmqpConsumer> consuming = channel.ConsumeAsync("work", async (delivery, token) => dispatched.TrySetResult(await MessageDispatch.HandleAsync(
            delivery, descriptor, 0, static (_, _, _) => throw new InvalidOperationException("the handler's own bug"), new DispatchPolicy(requeueOnFailure: false), null, logger, null, token))).AsTask();
        await broker.ExpectMethodAsync(MethodId.BasicConsume);
        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.BasicConsumeOk, static (ref AmqpWriter w) => w.WriteShortString("ctag")));
        await consuming.WaitAsync(Timeout);

        await DeliverAsync(broker, channel.Number, "{\"Number\":3}"u8.ToArray());

        Assert.Equal(DispatchOutcome.HandlerFailed, await dispatched.Task.WaitAsync(Timeout));
        // Rejected for good (MessageSettlement.Reject): basic.reject without requeue.
        ReceivedFrame reject = await broker.ExpectMethodAsync(MethodId.BasicReject);
        Assert.Equal(0, reject.Payload[^1] & 0b1); // requeue bit clear
        Assert.Contains(logger.Lines, l => l.Contains("delivery 1; the message is dead-lettered (rejected without requeue)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_raw_handler_cancelled_by_a_connection_loss_is_logged_as_requeued_by_the_broker_not_rejected()
    {
        var logger = new SignallingLogger("delivery 1");
        var handling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var broker = new FakeBroker();
        await using FakeBroker owner = broker;
        var options = new AmqpConnectionOptions { Heartbeat = TimeSpan.Zero, ConnectionTimeout = Timeout };
        Task<AmqpConnection> connecting = AmqpConnection.ConnectAsync(broker.ClientTransport, null, options, logger, CancellationToken.None).AsTask();
        await broker.RunHandshakeAsync();
        AmqpChannel channel = await broker.OpenChannelAsync(await connecting);
        Task<AmqpConsumer> consuming = channel.ConsumeAsync("work", async (_, token) =>
        {
            handling.TrySetResult();
            await Task.Delay(System.Threading.Timeout.Infinite, token);
        }).AsTask();
        await broker.ExpectMethodAsync(MethodId.BasicConsume);
        await broker.SendMethodAsync(channel.Number, new ServerMethod(MethodId.BasicConsumeOk, static (ref AmqpWriter w) => w.WriteShortString("ctag")));
        await consuming.WaitAsync(Timeout);
        await DeliverAsync(broker, channel.Number, "{}"u8.ToArray());
        await handling.Task.WaitAsync(Timeout);

        await broker.SendMethodAsync(0, new CloseMethod(MethodId.ConnectionClose, ReplyCode.ConnectionForced, "CONNECTION_FORCED - operator", 0, 0));

        string line = await logger.Line.WaitAsync(Timeout); // the consumer logs once its handler has given up
        Assert.Contains("the broker requeues it", line);
        Assert.DoesNotContain("rejected", line);
        Assert.DoesNotContain("dead-lettered", line);
    }

    /// <summary>Records like <see cref="RecordingLogger"/> and signals the first line that contains a given text.</summary>
    private sealed class SignallingLogger(string awaited) : Microsoft.Extensions.Logging.ILogger
    {
        private readonly TaskCompletionSource<string> _line = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Line => _line.Task;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(
            Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string line = $"{logLevel}: {formatter(state, exception)}";
            if (line.Contains(awaited, StringComparison.Ordinal)) _line.TrySetResult(line);
        }
    }
}
