using System.Buffers;
using System.Runtime.CompilerServices;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp091;

// basic.publish, publisher confirms and transactions.
public sealed partial class AmqpChannel
{
    [ThreadStatic]
    private static PooledBufferWriter? t_bodyBuffer;

    private ConfirmTracker? _confirms;
    private int _maxUnconfirmedPublishes;

    /// <summary>The size of the array this thread's body buffer holds (for tests: it must not stay large).</summary>
    internal static int ThreadBodyBufferCapacity => t_bodyBuffer?.Capacity ?? 0;

    /// <summary>Whether publisher confirms are on (see <see cref="ConfirmSelectAsync"/>).</summary>
    public bool IsConfirmMode => _confirms is not null;

    /// <summary>
    /// In confirm mode, how many publishes may wait for their confirm at once; a publish beyond that waits, before
    /// anything of it is written, until confirms make room, so a slow or blocked broker cannot make a publisher queue
    /// without bound. The wait honours the publish's cancellation token and allocates nothing in steady state: the
    /// waiting publish copies its exchange, routing key, body and properties into a pooled buffer (so the caller may
    /// reuse its own at once) and writes itself when there is room. Publishes started at the same moment may pass the
    /// limit by a few. Default: <see cref="AmqpConnectionOptions.MaxUnconfirmedPublishes"/>; 0 for no limit.
    /// </summary>
    public int MaxUnconfirmedPublishes
    {
        get => _maxUnconfirmedPublishes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxUnconfirmedPublishes = value;
            if (_confirms is { } confirms) confirms.MaxPending = value;
        }
    }

    /// <summary>How many publishes wait for their confirm now (0 outside confirm mode).</summary>
    public int UnconfirmedPublishes => _confirms?.PendingCount ?? 0;

    /// <summary>Whether the channel is transactional (see <see cref="TxSelectAsync"/>).</summary>
    public bool IsTransactional { get; private set; }

    /// <summary>Raised on the connection's read loop when the broker returns an unroutable mandatory message; keep handlers short.</summary>
    public event EventHandler<ReturnedMessage>? MessageReturned;

    /// <summary>
    /// Turns on publisher confirms (confirm.select). From then on every publish's task completes when the broker
    /// acks it, and fails with <see cref="PublishException"/> when it nacks it.
    /// </summary>
    public async ValueTask ConfirmSelectAsync(CancellationToken cancellationToken = default)
    {
        if (_confirms is not null) return;
        if (IsTransactional) throw new InvalidOperationException("A transactional channel cannot use publisher confirms.");
        await RpcAsync(new ConfirmSelect(false), MethodId.ConfirmSelectOk, 0, cancellationToken).ConfigureAwait(false);
        _confirms = new ConfirmTracker(_connection.Continuations) { MaxPending = _maxUnconfirmedPublishes };
    }

    /// <summary>The sequence number the next publish gets in confirm mode (starts at 1).</summary>
    public ulong NextPublishSequenceNumber => _confirms?.NextSequenceNumber ?? 0;

    /// <summary>
    /// Publishes a message. Without confirms the task completes once the frames are queued for the socket (it waits
    /// only when the socket is backed up, and fails with the connection's close exception if the connection closes
    /// meanwhile, since the message may never have left); in confirm mode it completes when the broker confirms the message.
    /// Exchange "" is the default exchange, which routes to the queue named by the routing key.
    /// </summary>
    public ValueTask PublishAsync(
        string exchange, string routingKey, ReadOnlyMemory<byte> body, BasicProperties? properties = null, bool mandatory = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(routingKey);
        if (_confirms is { HasRoom: false }) return DeferredPublish.Rent(this, properties, mandatory, null, cancellationToken).WithAddress(exchange, routingKey).WithBody(body.Span).Start();
        return PublishCore(new BasicPublish(exchange, routingKey, mandatory), body.Span, properties, cancellationToken);
    }

    /// <summary>Publishes with exchange and routing key given as pre-encoded UTF-8 (what generated publishers use).</summary>
    public ValueTask PublishAsync(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, ReadOnlyMemory<byte> body, BasicProperties? properties = null,
        bool mandatory = false, CancellationToken cancellationToken = default)
    {
        if (_confirms is { HasRoom: false }) return DeferredPublish.Rent(this, properties, mandatory, null, cancellationToken).WithAddress(exchangeUtf8.Span, routingKeyUtf8.Span).WithBody(body.Span).Start();
        return PublishCore(new BasicPublish(exchangeUtf8, routingKeyUtf8, mandatory), body.Span, properties, cancellationToken);
    }

    /// <summary>
    /// Publishes a message whose body <paramref name="writeBody"/> writes straight into a pooled buffer, for
    /// serializers such as <c>Utf8JsonWriter</c>. Pass a static lambda and the state to avoid allocations.
    /// </summary>
    public ValueTask PublishAsync<TState>(
        string exchange, string routingKey, TState state, Action<IBufferWriter<byte>, TState> writeBody, BasicProperties? properties = null,
        bool mandatory = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(routingKey);
        ArgumentNullException.ThrowIfNull(writeBody);
        if (_confirms is { HasRoom: false }) return DeferredPublish.Rent(this, properties, mandatory, null, cancellationToken).WithAddress(exchange, routingKey).WithBody(state, writeBody).Start();
        return PublishWithWriter(new BasicPublish(exchange, routingKey, mandatory), state, writeBody, properties, cancellationToken);
    }

    /// <summary>The body-writer publish with pre-encoded exchange and routing key.</summary>
    public ValueTask PublishAsync<TState>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, TState state, Action<IBufferWriter<byte>, TState> writeBody,
        BasicProperties? properties = null, bool mandatory = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writeBody);
        if (_confirms is { HasRoom: false }) return DeferredPublish.Rent(this, properties, mandatory, null, cancellationToken).WithAddress(exchangeUtf8.Span, routingKeyUtf8.Span).WithBody(state, writeBody).Start();
        return PublishWithWriter(new BasicPublish(exchangeUtf8, routingKeyUtf8, mandatory), state, writeBody, properties, cancellationToken);
    }

    /// <summary>Whether a confirmed publish may be written now without passing <see cref="MaxUnconfirmedPublishes"/>.</summary>
    internal bool HasConfirmRoom => _confirms?.HasRoom ?? true;

    /// <summary>For a <see cref="DeferredPublish"/>: queues it for room among unconfirmed publishes (see <see cref="ConfirmTracker.TryQueueForRoom"/>).</summary>
    internal bool TryQueueForConfirmRoom(QueuedWait waiter, CancellationToken cancellationToken, out Exception? refused)
    {
        if (_confirms is { } confirms) return confirms.TryQueueForRoom(waiter, cancellationToken, out refused);
        refused = cancellationToken.IsCancellationRequested ? new OperationCanceledException(cancellationToken) : null;
        return false;
    }

    /// <summary>For a <see cref="DeferredPublish"/> whose caller gave up: false when a release took it first.</summary>
    internal bool TryCancelConfirmRoomWait(QueuedWait waiter) => _confirms?.TryCancelWait(waiter) ?? false;

    /// <summary>A <see cref="DeferredPublish"/> that found room writes itself; the outcome goes to <paramref name="observer"/>.</summary>
    internal void WriteDeferredPublish(
        in BasicPublish method, ReadOnlySpan<byte> body, BasicProperties properties, IConfirmObserver observer, CancellationToken cancellationToken) =>
        WriteFrames(method, body, properties, observer, cancellationToken);

    /// <summary>Starts a transaction mode on the channel (tx.select); publishes and acks then take effect on commit.</summary>
    public async ValueTask TxSelectAsync(CancellationToken cancellationToken = default)
    {
        if (_confirms is not null) throw new InvalidOperationException("A channel in confirm mode cannot be made transactional.");
        await RpcAsync(new EmptyMethod(MethodId.TxSelect), MethodId.TxSelectOk, 0, cancellationToken).ConfigureAwait(false);
        IsTransactional = true;
    }

    /// <summary>Commits the current transaction (tx.commit).</summary>
    public async ValueTask TxCommitAsync(CancellationToken cancellationToken = default) =>
        await RpcAsync(new EmptyMethod(MethodId.TxCommit), MethodId.TxCommitOk, 0, cancellationToken).ConfigureAwait(false);

    /// <summary>Abandons the current transaction (tx.rollback).</summary>
    public async ValueTask TxRollbackAsync(CancellationToken cancellationToken = default) =>
        await RpcAsync(new EmptyMethod(MethodId.TxRollback), MethodId.TxRollbackOk, 0, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The typed publisher's publish: an already serialized body on a channel in confirm mode, whose outcome goes to
    /// <paramref name="observer"/> instead of an awaited ValueTask. Written now (a failure to write is thrown), or, when
    /// the channel is at <see cref="MaxUnconfirmedPublishes"/>, copied and written once there is room (a failure before
    /// it was written then goes to <see cref="IConfirmObserver.OnNotPublished"/>). The caller may reuse its buffers and
    /// properties once this returns.
    /// </summary>
    internal void PublishObserved(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, ReadOnlySpan<byte> body,
        BasicProperties properties, bool mandatory, IConfirmObserver observer, CancellationToken cancellationToken)
    {
        if (_confirms is not { } confirms) throw new InvalidOperationException("Observed publishes need a channel in confirm mode (confirm.select).");
        cancellationToken.ThrowIfCancellationRequested();
        if (!confirms.HasRoom)
        {
            ThrowIfClosed();
            if (body.Length > _connection.MaxMessageSize) throw TooLarge(body.Length);
            DeferredPublish.Rent(this, properties, mandatory, observer, cancellationToken).WithAddress(exchangeUtf8.Span, routingKeyUtf8.Span).WithBody(body).StartObserved();
            return;
        }

        WriteFrames(new BasicPublish(exchangeUtf8, routingKeyUtf8, mandatory), body, properties, observer, cancellationToken);
    }

    private ValueTask PublishWithWriter<TState>(
        in BasicPublish method, TState state, Action<IBufferWriter<byte>, TState> writeBody, BasicProperties? properties, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        return Outcome(WriteWithBodyWriter(method, state, writeBody, properties, null, cancellationToken), cancellationToken);
    }

    /// <summary>Serializes the body into this thread's pooled buffer, then writes the publish's frames.</summary>
    private ConfirmCompletion? WriteWithBodyWriter<TState>(
        in BasicPublish method, TState state, Action<IBufferWriter<byte>, TState> writeBody, BasicProperties? properties, IConfirmObserver? observer,
        CancellationToken cancellationToken)
    {
        PooledBufferWriter body = t_bodyBuffer ?? new PooledBufferWriter();
        t_bodyBuffer = null;
        try
        {
            body.Clear();
            writeBody(body, state);
            return WriteFrames(method, body.WrittenSpan, properties, observer, cancellationToken);
        }
        finally
        {
            body.Clear();
            t_bodyBuffer = body;
        }
    }

    private ValueTask PublishCore(in BasicPublish method, ReadOnlySpan<byte> body, BasicProperties? properties, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        return Outcome(WriteFrames(method, body, properties, null, cancellationToken), cancellationToken);
    }

    /// <summary>In confirm mode a publish completes with its confirm; otherwise once the writer has room again.</summary>
    private ValueTask Outcome(ConfirmCompletion? completion, CancellationToken cancellationToken) =>
        completion is not null ? completion.AsValueTask() : _connection.Writer.WaitForCapacityAsync(cancellationToken);

    /// <summary>
    /// Appends the method, content header and body frames in one go under the writer's lock, so they stay together
    /// on the wire and the confirm sequence number matches the order the broker sees. Returns the publish's confirm
    /// in confirm mode; with an <paramref name="observer"/>, the confirm's outcome goes to it instead.
    /// </summary>
    private ConfirmCompletion? WriteFrames(
        in BasicPublish method, ReadOnlySpan<byte> body, BasicProperties? properties, IConfirmObserver? observer, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (body.Length > _connection.MaxMessageSize) throw TooLarge(body.Length);
        ConfirmCompletion? completion = null;
        using (ConnectionWriter.WriteScope scope = _connection.Writer.Acquire())
        {
            PooledBufferWriter buffer = scope.Buffer;
            int mark = buffer.WrittenCount;
            // A mandatory publish in confirm mode must be matchable to a basic.return, which carries its properties. A
            // generated message id is unique, so it identifies the publish by itself; any other publish carries its
            // sequence number in a header, which costs 37 bytes of properties (and most messages the 64-byte line).
            Guid? returnKey = method.Mandatory && properties is { MessageId: null, GeneratedMessageId: { } generated } ? generated : null;
            completion = _confirms?.Register(cancellationToken, observer, returnKey);
            try
            {
                ulong sequence = method.Mandatory && completion is not null && returnKey is null ? completion.SequenceNumber : 0;
                FrameWriter.WriteMethod(buffer, Number, method);
                FrameWriter.WriteContentHeader(buffer, Number, (ulong)body.Length, properties, _connection.FrameMax, sequence);
                FrameWriter.WriteBody(buffer, Number, body, _connection.FrameMax);
            }
            catch
            {
                buffer.Truncate(mark);
                if (completion is not null) _confirms!.Unregister(completion);
                throw;
            }
        }

        return completion;
    }

    private AmqpMessageTooLargeException TooLarge(int bodySize) => new(
        $"The message body is {bodySize} bytes, more than the maximum message size of {_connection.MaxMessageSize} bytes "
        + "(AmqpConnectionOptions.MaxMessageSize, set to the broker's max_message_size); nothing was sent.",
        bodySize, _connection.MaxMessageSize);
}
