using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using TypedAmqp.Buffers;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

// Request/response over RabbitMQ's direct reply-to: requests go out on one channel that also consumes the
// pseudo-queue amq.rabbitmq.reply-to (no-ack), and replies are matched to requests by correlation id.
public sealed partial class AmqpMessaging
{
    private const string DirectReplyTo = "amq.rabbitmq.reply-to";
    private readonly ConcurrentDictionary<string, PendingRequest> _pendingReplies = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _requestGate = new(1, 1);
    private AmqpChannel? _requestChannel;

    /// <inheritdoc />
    public ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestDescriptor);
        ArgumentNullException.ThrowIfNull(responseDescriptor);

        // The request uses its exchange and routing key after awaits (opening the request channel, the timeout's
        // message), when the caller's bytes may already be another message's: it works on a copy (see RentedAddress).
        return RequestCoreAsync(new RentedAddress(exchangeUtf8.Span, routingKeyUtf8.Span), routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, options, cancellationToken);
    }

    private async ValueTask<TResponse> RequestCoreAsync<TRequest, TResponse>(
        RentedAddress address, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> exchangeUtf8 = address.Exchange;
        ReadOnlyMemory<byte> routingKeyUtf8 = address.RoutingKey;
        try
        {
            AmqpChannel channel = await GetRequestChannelAsync(cancellationToken).ConfigureAwait(false);
            string correlationId = MessageIds.Next().ToString("N");
            var pending = new PendingRequest<TResponse>(channel, requestDescriptor.WireName, responseDescriptor);
            _pendingReplies[correlationId] = pending;
            try
            {
                var properties = new BasicProperties();
                Fill(properties, requestDescriptor, options, messageId: default);
                properties.ReplyTo = DirectReplyTo;
                properties.CorrelationId = correlationId;
                properties.DeliveryMode = DeliveryMode.Transient;
                properties.Expiration = ((long)timeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                ValueTask<TResponse> reply;
                PooledBufferWriter body = MessageBodyBuffer.Serialize(request, requestDescriptor);
                try
                {
                    // The request's span and metrics end at its confirm (see PendingRequest), not at the reply: a send
                    // is over once the broker has taken it; waiting for the answer is the caller's time.
                    pending.StartTelemetry(StartTelemetry(
                        exchangeUtf8.Span, routingKeyUtf8.Span, routingKeyTemplate, properties, requestDescriptor.WireName, body.WrittenCount,
                        temporaryDestination: false));
                    // The timeout and the caller's token are armed first, so whatever settles the request finds them.
                    reply = pending.WaitAsync(timeout, cancellationToken);
                    try
                    {
                        // The request's confirm is not awaited: it only matters when the broker refuses the request, and then
                        // it fails the pending request (see PendingRequest). One wait per round trip instead of two.
                        channel.PublishObserved(exchangeUtf8, routingKeyUtf8, body.WrittenSpan, properties, mandatory: true, pending, CancellationToken.None);
                    }
                    catch (Exception ex)
                    {
                        pending.EndTelemetry(ex);
                        pending.Fail(ex); // disarms the timeout; nobody awaits the reply
                        throw;
                    }
                }
                finally
                {
                    MessageBodyBuffer.Return(body);
                }

                try
                {
                    return await reply.ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException(
                        $"No reply to the '{requestDescriptor.WireName}' request (exchange '{Encoding.UTF8.GetString(exchangeUtf8.Span)}', routing key '{Encoding.UTF8.GetString(routingKeyUtf8.Span)}') within {timeout.TotalSeconds:0.###} s.");
                }
            }
            finally
            {
                _pendingReplies.TryRemove(correlationId, out _);
            }
        }
        finally
        {
            address.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask ReplyAsync<TResponse>(
        string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replyTo);
        ArgumentNullException.ThrowIfNull(descriptor);
        var options = new PublishOptions { CorrelationId = correlationId, Persistent = false };
        if (error is not null) options.Headers = new Dictionary<string, object?> { [MessageDispatch.ReplyErrorHeader] = error };
        byte[] routingKey = Encoding.UTF8.GetBytes(replyTo);

        // An error reply carries the error in a header and a JSON null body. Its confirm is not awaited, so the handler
        // can ack the request and take the next one without a round trip to the broker; a refused reply is logged.
        return Publish<TResponse>(ReadOnlyMemory<byte>.Empty, routingKey, routingKeyTemplate: null, descriptor, response!, options, replyCorrelationId: correlationId, messageId: default, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask RepublishAsync(string exchange, string routingKey, ReceivedMessage received, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(routingKey);
        ArgumentNullException.ThrowIfNull(extraHeaders);
        AmqpChannel channel = await GetRequestChannelAsync(cancellationToken).ConfigureAwait(false);
        // Headers that cannot be read (a malformed field table) are left out rather than failing the republish.
        BasicProperties properties = received.Properties.ToBasicProperties(includeHeaders: received.Properties.ValidateHeaders() is null);
        properties.Headers ??= new Dictionary<string, object?>();
        foreach (KeyValuePair<string, object?> header in extraHeaders) properties.Headers[header.Key] = header.Value;
        await channel.PublishAsync(exchange, routingKey, received.Body, properties, mandatory: true, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<AmqpChannel> GetRequestChannelAsync(CancellationToken cancellationToken)
    {
        if (_requestChannel is { IsOpen: true } open) return open;
        await _requestGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_requestChannel is { IsOpen: true } existing) return existing;
            AmqpChannel channel = await Connection.OpenChannelAsync(cancellationToken).ConfigureAwait(false);
            await channel.ConfirmSelectAsync(cancellationToken).ConfigureAwait(false);
            // OnReplyAsync only completes a waiting request (its continuation runs on the pool), so it can run on the
            // reader thread and spare each round trip a wake-up.
            await channel.ConsumeAsync(DirectReplyTo, OnReplyAsync, new ConsumerOptions { AutoAck = true, RunHandlerOnReaderThread = true }, cancellationToken).ConfigureAwait(false);
            _ = channel.Completion.ContinueWith(_ => FailRequestsOn(channel), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            _requestChannel = channel;
            return channel;
        }
        finally
        {
            _requestGate.Release();
        }
    }

    /// <summary>
    /// The request channel closed: its replies can no longer arrive, so the requests still waiting on it fail now
    /// with the close exception, instead of at their timeouts.
    /// </summary>
    private void FailRequestsOn(AmqpChannel closed)
    {
        AmqpException reason = closed.CloseException!; // set before Completion completes
        foreach (KeyValuePair<string, PendingRequest> entry in _pendingReplies)
        {
            if (ReferenceEquals(entry.Value.Channel, closed)) entry.Value.Fail(reason);
        }
    }

    private ValueTask OnReplyAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        string? correlationId = delivery.Properties.CorrelationId;
        if (correlationId is not null && _pendingReplies.TryRemove(correlationId, out PendingRequest? pending)) pending.Complete(delivery);
        return ValueTask.CompletedTask;
    }
}
