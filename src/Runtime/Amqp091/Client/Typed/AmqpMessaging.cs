using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedAmqp.Buffers;
using TypedAmqp.Messaging;
using TypedAmqp.Observability;

namespace TypedAmqp.Amqp091;

/// <summary>
/// The AMQP 0-9-1 implementation of the messaging surface generated code uses: typed publishes on one shared
/// confirm-mode channel (every publish mandatory and awaited until confirmed, except replies to requests, whose confirm
/// is only observed, and which are not mandatory when they go to direct reply-to), each consumer on its own channel with its prefetch, and topology declared on a short-lived
/// channel.
/// </summary>
public sealed partial class AmqpMessaging : IMessagePublisher, IMessageSubscriber, ITopologyDeclarer, IAsyncDisposable
{
    [ThreadStatic]
    private static BasicProperties? t_properties;

    private readonly SemaphoreSlim _publisherGate = new(1, 1);
    private AmqpChannel? _publisher;

    /// <summary>The shared channel typed publishes go out on, once the first publish opened it (for tests).</summary>
    internal AmqpChannel? PublisherChannel => _publisher;
    private readonly TypedConfirmPool _confirms = new();
    private int _pendingConfirms;
    private readonly AsyncPulse _allConfirmed = new(); // pulsed when _pendingConfirms reaches 0

    /// <summary>Wraps an open connection; the connection stays owned by the caller.</summary>
    public AmqpMessaging(AmqpConnection connection, ILogger? logger = null)
    {
        Connection = connection ?? throw new ArgumentNullException(nameof(connection));
        Logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The connection underneath.</summary>
    public AmqpConnection Connection { get; }

    /// <summary>
    /// Whether typed publishes wait for the broker's confirm (the default). Without confirms a publish completes once
    /// its frames are queued for the socket (waiting only when the writer is over its limit): faster, but a message
    /// the broker drops, or that no queue takes, goes unnoticed. Set before the first publish.
    /// </summary>
    public bool PublisherConfirms { get; init; } = true;

    /// <summary>
    /// Runs generated handlers on the connection's reader thread (the default) rather than the consumer's own handler
    /// thread (see <see cref="ConsumerOptions.RunHandlerOnReaderThread"/>): less CPU per message; a handler that blocks
    /// delays the rest of the connection by up to 20 ms, after which another thread reads. Applies to consumers with a
    /// concurrency of 1 started after it is set.
    /// </summary>
    public bool RunHandlersOnReaderThread { get; init; } = true;

    /// <summary>Where dispatch failures are logged.</summary>
    public ILogger Logger { get; }

    /// <summary>Declares (or verifies) a topology on a channel of its own, closed afterwards.</summary>
    public async ValueTask<DeclaredTopology> DeclareAsync(TopologyDescription topology, TopologyMode mode = TopologyMode.Declare, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topology);
        await using AmqpChannel channel = await Connection.OpenChannelAsync(cancellationToken).ConfigureAwait(false);
        return await topology.DeclareAsync(channel, mode, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask PublishAsync<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, CancellationToken cancellationToken) =>
        Publish(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, descriptor, message, options, replyCorrelationId: null, messageId: default, cancellationToken);

    /// <summary>
    /// A typed publish whose generated message id is chosen by the caller (when <paramref name="options"/> sets none),
    /// so that a publish sent again after a lost connection carries the first attempt's id without allocating options.
    /// </summary>
    internal ValueTask PublishAsync<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, Guid messageId, CancellationToken cancellationToken) =>
        Publish(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, descriptor, message, options, replyCorrelationId: null, messageId, cancellationToken);

    /// <summary>
    /// A typed publish on the shared channel. With <paramref name="replyCorrelationId"/> it is a reply, whose confirm
    /// nobody awaits (see <see cref="TypedConfirm"/>). A default <paramref name="messageId"/> gets a new one.
    /// </summary>
    private ValueTask Publish<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, string? replyCorrelationId, Guid messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        AmqpChannel? channel = _publisher;
        if (channel is null || !channel.IsOpen)
        {
            return PublishAfterOpeningAsync(exchangeUtf8.ToArray(), routingKeyUtf8.ToArray(), routingKeyTemplate, descriptor, message, options, replyCorrelationId, messageId, cancellationToken);
        }

        // Serialized first, so the span starts knowing the body's size; the frames are then written from this buffer.
        PooledBufferWriter body = MessageBodyBuffer.Serialize(message, descriptor);
        try
        {
            BasicProperties properties = t_properties ??= new BasicProperties();
            Fill(properties, descriptor, options, messageId);
            PublishTelemetry telemetry = StartTelemetry(
                exchangeUtf8.Span, routingKeyUtf8.Span, routingKeyTemplate, properties, descriptor.WireName, body.WrittenCount,
                temporaryDestination: IsServerNamedReplyAddress(replyCorrelationId, routingKeyUtf8.Span));
            if (!PublisherConfirms) return PublishUnconfirmed(channel, exchangeUtf8, routingKeyUtf8, body.WrittenMemory, properties, telemetry, cancellationToken);
            TypedAmqpTelemetry.ConfirmsInFlight.Add(1);
            Interlocked.Increment(ref _pendingConfirms);
            TypedConfirm confirm = _confirms.Rent();
            ValueTask outcome = confirm.Start(
                telemetry, this, properties.MessageId, properties.GeneratedMessageId ?? default, replyCorrelationId is null ? null : (descriptor.WireName, replyCorrelationId));
            try
            {
                channel.PublishObserved(
                    exchangeUtf8, routingKeyUtf8, body.WrittenSpan,
                    properties, mandatory: !IsDirectReplyTo(replyCorrelationId, routingKeyUtf8.Span), confirm, cancellationToken);
            }
            catch (Exception ex)
            {
                confirm.Discard();
                ConfirmSettled();
                telemetry.End(ex);
                throw;
            }

            return outcome;
        }
        finally
        {
            MessageBodyBuffer.Return(body);
        }
    }

    /// <summary>
    /// A publish without confirms: not mandatory, since a return could not be matched to its publish. Its telemetry
    /// ends once the frames are handed to the connection, the only outcome there is.
    /// </summary>
    private static ValueTask PublishUnconfirmed(
        AmqpChannel channel, ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, ReadOnlyMemory<byte> body,
        BasicProperties properties, PublishTelemetry telemetry, CancellationToken cancellationToken)
    {
        ValueTask written;
        try
        {
            // Not in confirm mode, so the frames are written before this returns: the body buffer may be reused after.
            written = channel.PublishAsync(exchangeUtf8, routingKeyUtf8, body, properties, mandatory: false, cancellationToken);
        }
        catch (Exception ex)
        {
            telemetry.End(ex);
            throw;
        }

        telemetry.End(null);
        return written;
    }

    /// <summary>
    /// A reply to direct reply-to or to a server-named queue: "amq." names are the broker's, made for one requester,
    /// so telemetry marks them temporary and anonymous and keeps them out of span names.
    /// </summary>
    /// <summary>Starts a publish's telemetry on this connection; the trace context, when traced, goes into <paramref name="properties"/>' headers.</summary>
    private PublishTelemetry StartTelemetry(
        ReadOnlySpan<byte> exchangeUtf8, ReadOnlySpan<byte> routingKeyUtf8, string? routingKeyTemplate, BasicProperties properties, string messageType, int bodySize, bool temporaryDestination)
    {
        PublishTelemetry telemetry = PublishTelemetry.Start(
            Connection.ServerAddress, Connection.ServerPortTag, exchangeUtf8, routingKeyUtf8, routingKeyTemplate,
            properties.MessageId, properties.GeneratedMessageId, properties.CorrelationId, messageType, bodySize, temporaryDestination);
        properties.Headers = telemetry.WithTraceContext(properties.Headers);
        return telemetry;
    }

    private static bool IsServerNamedReplyAddress(string? replyCorrelationId, ReadOnlySpan<byte> routingKeyUtf8) =>
        replyCorrelationId is not null && routingKeyUtf8.StartsWith("amq."u8);

    /// <summary>
    /// A reply to RabbitMQ's direct reply-to, which the broker treats as no queue when routing: published mandatory,
    /// it would come back as unroutable (312 NO_ROUTE) although the requester received it.
    /// </summary>
    private static bool IsDirectReplyTo(string? replyCorrelationId, ReadOnlySpan<byte> routingKeyUtf8) =>
        replyCorrelationId is not null && routingKeyUtf8.StartsWith("amq.rabbitmq.reply-to"u8);

    /// <summary>A typed publish has its confirm (or its failure): it no longer counts as in flight.</summary>
    internal void ConfirmSettled()
    {
        TypedAmqpTelemetry.ConfirmsInFlight.Add(-1);
        if (Interlocked.Decrement(ref _pendingConfirms) == 0) _allConfirmed.Pulse();
    }

    async ValueTask<IMessageSubscription> IMessageSubscriber.SubscribeAsync(
        string queue, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return await SubscribeAsync(queue, prefetch, concurrency, (delivery, token) => handler(delivery, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts consuming <paramref name="queue"/> on a channel of its own with the given prefetch and concurrency; dispose the consumer to stop.</summary>
    public async ValueTask<AmqpConsumer> SubscribeAsync(
        string queue, ushort prefetch, int concurrency, Func<Delivery, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        AmqpChannel channel = await Connection.OpenChannelAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (prefetch > 0) await channel.BasicQosAsync(prefetch, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await channel.ConsumeAsync(queue, handler, new ConsumerOptions { Concurrency = Math.Max(1, concurrency), RunHandlerOnReaderThread = RunHandlersOnReaderThread }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await channel.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Publishes of this instance still waiting for the broker's confirm.</summary>
    public int PendingConfirms => Volatile.Read(ref _pendingConfirms);

    /// <summary>Waits until every publish made through this instance has been confirmed (or failed).</summary>
    public async ValueTask WaitForConfirmsAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // Registered before the count is read: a confirm that empties it after the read pulses this wait.
            PooledWaiter settled = _allConfirmed.Register();
            if (PendingConfirms == 0)
            {
                _allConfirmed.Unregister(settled);
                return;
            }

            await settled.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the publishing channel; the connection stays open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_publisher is { } channel) await channel.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        if (_requestChannel is { } requests) await requests.CloseAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async ValueTask PublishAfterOpeningAsync<TMessage>(
        byte[] exchange, byte[] routingKey, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions? options, string? replyCorrelationId,
        Guid messageId, CancellationToken cancellationToken)
    {
        await _publisherGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_publisher is not { IsOpen: true })
            {
                AmqpChannel channel = await Connection.OpenChannelAsync(cancellationToken).ConfigureAwait(false);
                if (PublisherConfirms) await channel.ConfirmSelectAsync(cancellationToken).ConfigureAwait(false);
                _publisher = channel;
            }
        }
        finally
        {
            _publisherGate.Release();
        }

        await Publish<TMessage>(exchange, routingKey, routingKeyTemplate, descriptor, message, options, replyCorrelationId, messageId, cancellationToken).ConfigureAwait(false);
    }

    internal static void Fill<TMessage>(BasicProperties properties, MessageDescriptor<TMessage> descriptor, PublishOptions? options, Guid messageId) =>
        MessagePropertyValues.ForTypedPublish(descriptor, options, messageId).CopyTo(properties);
}
