using Microsoft.Extensions.Logging;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>
/// An AMQP channel: the unit of declaring, publishing and consuming. Synchronous AMQP methods (declare, bind,
/// qos...) are sent one at a time and awaited; publishes and acks only append frames to the connection's writer and
/// can be called from many threads at once. When the broker closes the channel (404 on a passive declare, 406 on a
/// conflicting declare...), pending and later calls fail with <see cref="AmqpChannelClosedException"/> carrying that
/// code, and the connection and its other channels stay open.
/// </summary>
public sealed partial class AmqpChannel : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly AmqpConnection _connection;
    private readonly SemaphoreSlim _rpcGate = new(1, 1);
    private readonly SettledDeliveries _settled = new(); // guarded by the connection writer's lock
    private volatile ushort _prefetchCount; // the last basic.qos prefetch count; 0 is unlimited
    private readonly TaskCompletionSource _closeOk = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<CloseReason> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PendingRpc? _rpc;
    private AmqpException? _closeException;
    private volatile bool _closing;

    internal AmqpChannel(AmqpConnection connection, ushort number)
    {
        _connection = connection;
        Number = number;
        _maxUnconfirmedPublishes = connection.MaxUnconfirmedPublishes;
    }

    /// <summary>The channel number on the connection.</summary>
    public ushort Number { get; }

    /// <summary>The connection the channel belongs to.</summary>
    public AmqpConnection Connection => _connection;

    /// <summary>Whether the channel is open.</summary>
    public bool IsOpen => Volatile.Read(ref _closeException) is null;

    /// <summary>Why the channel closed, or null while open.</summary>
    public CloseReason? CloseReason => Volatile.Read(ref _closeException) switch
    {
        AmqpChannelClosedException channel => channel.Reason,
        AmqpConnectionClosedException connection => connection.Reason,
        _ => null,
    };

    /// <summary>Completes with the reason when the channel closes.</summary>
    public Task<CloseReason> Completion => _completion.Task;

    /// <summary>The exception that closed the channel (a channel or connection close), or null while open.</summary>
    internal AmqpException? CloseException => Volatile.Read(ref _closeException);

    internal ILogger Logger => _connection.Logger;

    /// <summary>
    /// Closes the channel (channel.close) and waits for the broker's close-ok. Unacknowledged deliveries are requeued
    /// by the broker; publishes still waiting for confirms fail.
    /// </summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (!IsOpen || _closing) return;
        _closing = true;
        try
        {
            using (ConnectionWriter.WriteScope scope = _connection.Writer.AcquireForAnswer())
            {
                FrameWriter.WriteMethod(scope.Buffer, Number, new CloseMethod(MethodId.ChannelClose, ReplyCode.Success, "Goodbye", 0, 0));
            }

            await _closeOk.Task.WaitAsync(CloseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmqpException or TimeoutException)
        {
            // Connection gone or broker silent: the channel is closed for us either way.
        }
        finally
        {
            // The number may be used again only once the broker has answered (close-ok) or the connection is gone:
            // a channel.open for a number the broker still holds closes the connection (504 CHANNEL_ERROR). So
            // after a timeout or a cancellation the channel keeps its number until its late close-ok arrives.
            bool numberFree = _closeOk.Task.IsCompleted || !_connection.IsOpen;
            OnClosed(new AmqpChannelClosedException(Number, new CloseReason(ReplyCode.Success, "Closed by the application", 0, 0, CloseInitiator.Application)));
            if (numberFree) _connection.RemoveChannel(this);
        }
    }

    /// <summary>Closes the channel (see <see cref="CloseAsync"/>).</summary>
    public ValueTask DisposeAsync() => CloseAsync(CancellationToken.None);

    internal async ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        await RpcAsync(new ChannelOpen(), MethodId.ChannelOpenOk, 0, cancellationToken).ConfigureAwait(false);
    }

    internal void OnConnectionClosed(AmqpConnectionClosedException reason) => OnClosed(reason);

    internal void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closeException) is { } closed) throw closed;
        if (_closing) throw new AmqpChannelClosedException(Number, new CloseReason(ReplyCode.Success, "The channel is closing", 0, 0, CloseInitiator.Application));
    }

    /// <summary>Fails everything that waits on the channel; the first reason wins.</summary>
    private void OnClosed(AmqpException reason)
    {
        if (Interlocked.CompareExchange(ref _closeException, reason, null) is not null) return;
        _closeOk.TrySetResult();
        Interlocked.Exchange(ref _rpc, null)?.Completion.TrySetException(reason);
        _confirms?.FailAll(reason);
        foreach (AmqpConsumer consumer in TakeAllConsumers())
        {
            consumer.Stop(ConsumerStopReason.ChannelClosed);
        }

        DiscardAssembling();
        _completion.TrySetResult(CloseReason!);
    }

    /// <summary>
    /// Sends a synchronous method and waits for its reply. One at a time per channel (the protocol pairs replies with
    /// requests by order). A cancelled wait keeps the slot until the broker's reply arrives, so later calls stay paired.
    /// </summary>
    private async ValueTask<RpcReply> RpcAsync<TMethod>(TMethod method, uint expected, uint alternative, CancellationToken cancellationToken, AmqpConsumer? consumer = null)
        where TMethod : struct, IOutgoingMethod
    {
        await _rpcGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        bool releaseLater = false;
        try
        {
            ThrowIfClosed();
            var pending = new PendingRpc(expected, alternative, consumer);
            Volatile.Write(ref _rpc, pending);
            try
            {
                using ConnectionWriter.WriteScope scope = _connection.Writer.AcquireForAnswer();
                FrameWriter.WriteMethod(scope.Buffer, Number, method);
            }
            catch
            {
                Interlocked.CompareExchange(ref _rpc, null, pending);
                throw;
            }

            try
            {
                return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !pending.Completion.Task.IsCompleted)
            {
                releaseLater = true;
                _ = pending.Completion.Task.ContinueWith(
                    static (_, gate) => ((SemaphoreSlim)gate!).Release(), _rpcGate, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw;
            }
        }
        finally
        {
            if (!releaseLater) _rpcGate.Release();
        }
    }

    /// <summary>Writes a method that needs no reply (no-wait variants).</summary>
    private void Send<TMethod>(in TMethod method) where TMethod : struct, IOutgoingMethod
    {
        ThrowIfClosed();
        using ConnectionWriter.WriteScope scope = _connection.Writer.Acquire();
        FrameWriter.WriteMethod(scope.Buffer, Number, method);
    }

    /// <summary>
    /// Writes basic.ack, nack or reject; the thread's <see cref="OutgoingBatch"/> may hold it briefly to send several at once. An ack
    /// that leaves nothing unsettled below its tag goes out as a multiple ack, which replaces the one just before it
    /// (see <see cref="SettledDeliveries"/>).
    /// </summary>
    private void SendAcknowledgement(uint methodId, ulong deliveryTag, bool multiple, bool requeue)
    {
        ThrowIfClosed();
        using ConnectionWriter.WriteScope scope = _connection.Writer.AcquireForAcknowledgement();
        bool settledThroughTag = _settled.Settle(deliveryTag, multiple);
        if (methodId == MethodId.BasicAck && (multiple || settledThroughTag))
        {
            scope.WriteMultipleAcknowledgement(Number, deliveryTag);
        }
        else
        {
            FrameWriter.WriteMethod(scope.Buffer, Number, new BasicAcknowledgement(methodId, deliveryTag, multiple, requeue));
        }
    }

    /// <summary>A synchronous method waiting for one of its reply methods.</summary>
    private sealed class PendingRpc(uint expected, uint alternative, AmqpConsumer? consumer)
    {
        public TaskCompletionSource<RpcReply> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>For basic.consume: the consumer to register when consume-ok arrives, before any delivery.</summary>
        public AmqpConsumer? Consumer { get; } = consumer;

        public bool Accepts(uint id) => id == expected || (alternative != 0 && id == alternative);
    }

    /// <summary>What a reply method carried, parsed on the read loop.</summary>
    private readonly record struct RpcReply(uint Id, string? Name = null, uint Count = 0, uint SecondCount = 0, GetResult? Message = null);
}
