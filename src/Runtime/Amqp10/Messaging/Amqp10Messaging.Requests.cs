using System.Text;
using Microsoft.Extensions.Logging;
using TypedAmqp.Amqp10;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

// Request/response over AMQP 1.0: requests wait on this connection's reply queue; replies go to whatever queue the
// requester named in reply-to, so either side may be on 0-9-1.
public sealed partial class Amqp10Messaging
{
    private readonly SemaphoreSlim _repliesGate = new(1, 1);
    private Amqp10ReplyQueue? _replies;

    /// <inheritdoc />
    /// <remarks>
    /// The reply comes back to a reply queue of this connection (<see cref="Amqp10ReplyQueue"/>), declared on the first
    /// request: RabbitMQ 4.0 has neither direct reply-to nor dynamic receivers over AMQP 1.0. The request is sent
    /// unsettled and awaited like a publish, so a refusal fails at once with <see cref="PublishException"/>.
    /// </remarks>
    public ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestDescriptor);
        ArgumentNullException.ThrowIfNull(responseDescriptor);

        // Copied before returning: the request outlives the caller's buffers.
        string exchange = Encoding.UTF8.GetString(exchangeUtf8.Span);
        string routingKey = Encoding.UTF8.GetString(routingKeyUtf8.Span);
        return RequestCoreAsync(exchange, routingKey, requestDescriptor, Serialize(request, requestDescriptor), responseDescriptor, timeout, options, cancellationToken);
    }

    private async ValueTask<TResponse> RequestCoreAsync<TRequest, TResponse>(
        string exchange, string routingKey, MessageDescriptor<TRequest> requestDescriptor, byte[] body,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken)
    {
        Amqp10ReplyQueue replies = await GetReplyQueueAsync(cancellationToken).ConfigureAwait(false);
        string correlationId = MessageIds.Next().ToString("N");
        Task<Amqp10Message> reply = replies.Expect(correlationId);
        try
        {
            var properties = MessagePropertyValues.ForTypedPublish(requestDescriptor, options, messageId: default);
            properties.ReplyTo = replies.QueueName;
            properties.CorrelationId = correlationId;
            properties.Persistent = false;
            properties.TimeToLive = TimeSpan.FromMilliseconds((long)timeout.TotalMilliseconds);
            await SendAsync(MessageAddress.Exchange(exchange, routingKey), properties, body, settled: false, cancellationToken).ConfigureAwait(false);

            Amqp10Message response;
            try
            {
                response = await reply.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(
                    $"No reply to the '{requestDescriptor.WireName}' request (exchange '{exchange}', routing key '{routingKey}') within {timeout.TotalSeconds:0.###} s.");
            }

            // The error header arrives as an application property from a 1.0 responder and as an x- message annotation
            // from a 0-9-1 one (RabbitMQ's conversion): the mapped headers hold either.
            if (Amqp10MessageMapping.FromAmqp10(response).Headers?.TryGetValue(MessageDispatch.ReplyErrorHeader, out object? error) == true)
            {
                throw new RequestFailedException(requestDescriptor.WireName, error as string ?? "unknown error");
            }

            return JsonMessageBody.Read(Amqp10MessageMapping.BodyOf(response), responseDescriptor);
        }
        finally
        {
            replies.Forget(correlationId);
        }
    }

    private async ValueTask<Amqp10ReplyQueue> GetReplyQueueAsync(CancellationToken cancellationToken)
    {
        if (_replies is { IsOpen: true } open) return open;
        Amqp10ManagementClient management = await GetManagementAsync(cancellationToken).ConfigureAwait(false);
        await _repliesGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_replies is not { IsOpen: true }) _replies = await Amqp10ReplyQueue.StartAsync(Connection, management, cancellationToken).ConfigureAwait(false);
            return _replies;
        }
        finally
        {
            _repliesGate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Sent unsettled to the reply-to address (a queue name becomes <c>/queues/{name}</c>); returns once the send has
    /// started, and a refused reply is logged. A 0-9-1 requester's direct reply-to (<c>amq.rabbitmq.reply-to…</c>) is
    /// not reachable over AMQP 1.0 in RabbitMQ 4.0: such a reply is refused, logged, and the requester times out.
    /// </remarks>
    public ValueTask ReplyAsync<TResponse>(
        string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replyTo);
        ArgumentNullException.ThrowIfNull(descriptor);
        var options = new PublishOptions { CorrelationId = correlationId, Persistent = false };
        if (error is not null) options.Headers = new Dictionary<string, object?> { [MessageDispatch.ReplyErrorHeader] = error };
        var properties = MessagePropertyValues.ForTypedPublish(descriptor, options, messageId: default);
        byte[] body = Serialize(response!, descriptor);

        // A requester's empty reply-to names nothing to reply to: refused and logged like a reply the broker refuses.
        ValueTask sent = replyTo.Length == 0
            ? ValueTask.FromException(new NotSupportedException("The request's reply-to is empty: it names no queue or address to reply to."))
            : SendAsync(Amqp10Addresses.ReplyDestination(replyTo), properties, body, settled: false, CancellationToken.None);
        _ = ObserveReplyAsync(sent, descriptor.WireName, replyTo);
        return ValueTask.CompletedTask;
    }

    private async Task ObserveReplyAsync(ValueTask sent, string wireName, string replyTo)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmqpException or NotSupportedException)
        {
            Logger.LogWarning(ex, "The '{MessageType}' reply to '{ReplyTo}' was refused", wireName, replyTo);
        }
    }
}
