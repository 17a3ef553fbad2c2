using Microsoft.Extensions.Logging;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Messaging;

// Replies: a responder on AMQP 1.0 answers a request whichever protocol the requester used, since both name a queue
// in reply-to (or a 1.0 address). Requests themselves need a reply address this side can receive from.
public sealed partial class Amqp10Messaging
{
    /// <summary>Not supported over AMQP 1.0 yet: always throws <see cref="NotSupportedException"/>.</summary>
    /// <remarks>
    /// A request needs an address for its reply: RabbitMQ 4.0 has neither direct reply-to nor dynamic receivers over
    /// AMQP 1.0, and the alternative, a reply queue of this connection declared through the management node, is not
    /// built yet. Use <see cref="AmqpMessaging"/> (AMQP 0-9-1) for request/response.
    /// </remarks>
    public ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken) =>
        throw new NotSupportedException(
            $"RequestAsync is not supported over AMQP 1.0 yet ('{requestDescriptor?.WireName}' request): it needs a reply queue for this connection, " +
            "which Amqp10Messaging does not declare yet (RabbitMQ 4.0 has no direct reply-to or dynamic receivers over AMQP 1.0). Use AmqpMessaging (AMQP 0-9-1) for requests.");

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
        if (error is not null) options.Headers = new Dictionary<string, object?> { [AmqpMessaging.ErrorHeader] = error };
        var properties = new BasicProperties();
        AmqpMessaging.Fill(properties, descriptor, options, messageId: default);
        byte[] body = Serialize(response!, descriptor);
        _ = ObserveReplyAsync(SendAsync(Amqp10Addresses.ReplyAddress(replyTo), "", replyTo, properties, body, CancellationToken.None), descriptor.WireName, replyTo);
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
