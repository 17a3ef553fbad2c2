using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// The injected <see cref="IMessagePublisher"/>: forwards to the hosted service's current transport, so publishers
/// created once by DI keep working after the connection has been recovered.
/// </summary>
internal sealed class CurrentMessagingPublisher(TypedAmqpRuntime runtime) : IMessagePublisher
{
    public ValueTask PublishAsync<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, CancellationToken cancellationToken) =>
        runtime.Messaging.PublishAsync(exchangeUtf8, routingKeyUtf8, descriptor, message, options, cancellationToken);

    public ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? options, CancellationToken cancellationToken) =>
        runtime.Messaging.RequestAsync(exchangeUtf8, routingKeyUtf8, requestDescriptor, request, responseDescriptor, timeout, options, cancellationToken);

    public ValueTask RepublishAsync(string exchange, string routingKey, Delivery delivery, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken) =>
        runtime.Messaging.RepublishAsync(exchange, routingKey, delivery, extraHeaders, cancellationToken);

    public ValueTask ReplyAsync<TResponse>(
        string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, CancellationToken cancellationToken) =>
        runtime.Messaging.ReplyAsync(replyTo, correlationId, descriptor, response, error, cancellationToken);
}
