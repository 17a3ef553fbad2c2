using System.Text;

namespace TypedAmqp.Messaging;

/// <summary>
/// The transport-neutral publishing surface generated publishers call: a message goes to an exchange with a
/// routing key, serialized with its descriptor. The 0-9-1 implementation is <see cref="Amqp091.AmqpMessaging"/>; the AMQP 1.0
/// one (RabbitMQ 4) is <see cref="TypedAmqp.Amqp10.Amqp10Messaging"/>, with <c>/exchanges/{exchange}/{key}</c> addresses.
/// </summary>
public interface IMessagePublisher
{
    /// <summary>
    /// Publishes one message and completes when the broker has confirmed it. Fails with
    /// <see cref="PublishException"/> when the broker nacks it or returns it as unroutable.
    /// The exchange and routing key are copied before this method returns, so callers may reuse their buffers.
    /// <paramref name="routingKeyTemplate"/> is the contract's routing key with its placeholders, such as
    /// "order.placed.{Region}": the low-cardinality name telemetry groups by (<c>messaging.destination.template</c>);
    /// null when there is none.
    /// </summary>
    ValueTask PublishAsync<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes one message to <paramref name="address"/> (an exchange and routing key, a queue, or a bare AMQP 1.0
    /// address) and completes when the broker has confirmed it, as <see cref="PublishAsync{TMessage}(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, string, MessageDescriptor{TMessage}, TMessage, PublishOptions, CancellationToken)"/>
    /// does. This default publishes an exchange or queue address through that method and refuses a bare AMQP 1.0
    /// address with <see cref="NotSupportedException"/>; the AMQP 1.0 transport reaches all three.
    /// </summary>
    ValueTask PublishAsync<TMessage>(MessageAddress address, MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions? options, CancellationToken cancellationToken)
    {
        if (!address.TryGetExchangeAndRoutingKey(out string exchange, out string routingKey))
        {
            address.ThrowIfNone(nameof(address));
            throw new NotSupportedException(
                $"The {address} cannot be reached through {GetType().Name}, which publishes to exchanges and queues (AMQP 0-9-1); " +
                "use MessageAddress.Exchange or MessageAddress.Queue, or the AMQP 1.0 transport (TypedAmqp:Protocol=Amqp10).");
        }

        return PublishAsync(Encoding.UTF8.GetBytes(exchange), Encoding.UTF8.GetBytes(routingKey), null, descriptor, message, options, cancellationToken);
    }

    /// <summary>
    /// Publishes a request and waits for its reply (RabbitMQ's direct reply-to on 0-9-1). Fails with
    /// <see cref="TimeoutException"/> when no reply arrives within <paramref name="timeout"/>, and with
    /// <see cref="RequestFailedException"/> when the responder's handler failed, and with <see cref="PublishException"/>
    /// as soon as the broker refuses the request (no queue took it, or it was nacked).
    /// <paramref name="routingKeyTemplate"/> is the contract's routing-key template, as for
    /// <see cref="PublishAsync{TMessage}(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, string, MessageDescriptor{TMessage}, TMessage, PublishOptions, CancellationToken)"/>.
    /// </summary>
    ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes a copy of a received message (body and properties, plus <paramref name="extraHeaders"/>) and waits for
    /// the broker's confirm; used to dead-letter a message with the reason in its headers. Original headers that cannot
    /// be read (a malformed field table) are not copied.
    /// </summary>
    ValueTask RepublishAsync(string exchange, string routingKey, ReceivedMessage received, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken);

    /// <summary>
    /// Sends the reply to a request: to the requester's reply-to address, with its correlation id;
    /// <paramref name="error"/> reports a failed handler instead. Completes once the reply is written to the
    /// connection, without waiting for the broker's confirm: a lost reply makes the requester time out either way,
    /// and the responder should not hold its next request for it. A reply the broker refuses is logged.
    /// </summary>
    ValueTask ReplyAsync<TResponse>(
        string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, CancellationToken cancellationToken);
}
