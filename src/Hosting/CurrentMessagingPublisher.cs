using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// The injected <see cref="IMessagePublisher"/>: publishers are created once by DI, possibly before the host has
/// started, so each call goes to the host's <see cref="IMessagingTransport"/>, which follows recovered connections.
/// </summary>
internal sealed class CurrentMessagingPublisher(TypedAmqpRuntime runtime) : IMessagePublisher
{
    public ValueTask PublishAsync<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? publishOptions, CancellationToken cancellationToken) =>
        runtime.Messaging.PublishAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, descriptor, message, publishOptions, cancellationToken);

    public ValueTask PublishAsync<TMessage>(MessageAddress address, MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions? publishOptions, CancellationToken cancellationToken) =>
        runtime.Messaging.PublishAsync(address, descriptor, message, publishOptions, cancellationToken);

    public ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? publishOptions, CancellationToken cancellationToken) =>
        runtime.Messaging.RequestAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, publishOptions, cancellationToken);

    public ValueTask RepublishAsync(string exchange, string routingKey, ReceivedMessage received, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken) =>
        runtime.Messaging.RepublishAsync(exchange, routingKey, received, extraHeaders, cancellationToken);

    public ValueTask ReplyAsync<TResponse>(
        string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, CancellationToken cancellationToken) =>
        runtime.Messaging.ReplyAsync(replyTo, correlationId, descriptor, response, error, cancellationToken);
}
