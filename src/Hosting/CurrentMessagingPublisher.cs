using System.Runtime.CompilerServices;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// The injected <see cref="IMessagePublisher"/>: forwards to the hosted service's current transport, so publishers
/// created once by DI keep working after the connection has been recovered. With recovery on, a publish made while
/// the connection is down waits for the new connection, and a publish whose confirm was lost with the old connection
/// is sent again with the same message id (at least once: the broker may have routed the first copy).
/// </summary>
internal sealed class CurrentMessagingPublisher(TypedAmqpRuntime runtime, RunningOptions options) : IMessagePublisher
{
    // Without confirms a publish cannot know it was lost, so there is nothing to send again.
    private bool WaitsForRecovery => options.Initial.Recovery && options.Initial.PublisherConfirms && options.Current.PublishRecoveryWait > TimeSpan.Zero;

    public ValueTask PublishAsync<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? publishOptions, CancellationToken cancellationToken)
    {
        if (!WaitsForRecovery) return runtime.Messaging.PublishAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, descriptor, message, publishOptions, cancellationToken);

        // A second attempt must carry the first one's message id, so fix it before the first.
        PublishOptions withId = WithMessageId(publishOptions);
        if (runtime.OpenPublishable() is { } messaging)
        {
            ValueTask confirm;
            try
            {
                confirm = messaging.PublishAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, descriptor, message, withId, cancellationToken);
            }
            catch (AmqpConnectionClosedException ex) when (IsRecoverable(ex))
            {
                return PublishAfterRecoveryAsync(messaging, new RentedAddress(exchangeUtf8.Span, routingKeyUtf8.Span), routingKeyTemplate, descriptor, message, withId, cancellationToken);
            }

            if (confirm.IsCompletedSuccessfully) return confirm;

            // From here on the caller's key bytes may become another message's (see RentedAddress); a publish sent
            // again after a lost confirm uses the copy.
            return AwaitOrRepublishAsync(confirm, messaging, new RentedAddress(exchangeUtf8.Span, routingKeyUtf8.Span), routingKeyTemplate, descriptor, message, withId, cancellationToken);
        }

        return PublishAfterRecoveryAsync(null, new RentedAddress(exchangeUtf8.Span, routingKeyUtf8.Span), routingKeyTemplate, descriptor, message, withId, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitOrRepublishAsync<TMessage>(
        ValueTask confirm, AmqpMessaging messaging, RentedAddress address, string? routingKeyTemplate,
        MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions publishOptions, CancellationToken cancellationToken)
    {
        try
        {
            await confirm.ConfigureAwait(false);
        }
        catch (AmqpConnectionClosedException ex) when (IsRecoverable(ex))
        {
            await PublishOnRecoveredAsync(messaging, address, routingKeyTemplate, descriptor, message, publishOptions, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            address.Dispose();
        }
    }

    private async ValueTask PublishAfterRecoveryAsync<TMessage>(
        AmqpMessaging? failed, RentedAddress address, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions publishOptions,
        CancellationToken cancellationToken)
    {
        try
        {
            await PublishOnRecoveredAsync(failed, address, routingKeyTemplate, descriptor, message, publishOptions, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            address.Dispose();
        }
    }

    /// <summary>Publishes over the next recovered connection, again after each loss before the confirm.</summary>
    private async ValueTask PublishOnRecoveredAsync<TMessage>(
        AmqpMessaging? failed, RentedAddress address, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions publishOptions,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            AmqpMessaging messaging = await runtime.WaitForRecoveryAsync(failed, options.Current.PublishRecoveryWait, cancellationToken).ConfigureAwait(false);
            try
            {
                await messaging.PublishAsync(address.Exchange, address.RoutingKey, routingKeyTemplate, descriptor, message, publishOptions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AmqpConnectionClosedException ex) when (IsRecoverable(ex))
            {
                failed = messaging; // lost again before the confirm: wait for the next connection
            }
        }
    }

    public ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? publishOptions, CancellationToken cancellationToken)
    {
        // A request lost in flight is not sent again (its reply would go to the old connection's reply queue and the
        // handler may not be idempotent); a request made while the connection is down waits for the new one, with a
        // copy of its key (see RentedAddress).
        AmqpMessaging? messaging = WaitsForRecovery ? runtime.OpenPublishable() : runtime.Messaging;
        if (messaging is not null)
        {
            return messaging.RequestAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, publishOptions, cancellationToken);
        }

        return RequestAfterRecoveryAsync(
            new RentedAddress(exchangeUtf8.Span, routingKeyUtf8.Span), routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, publishOptions, cancellationToken);
    }

    private async ValueTask<TResponse> RequestAfterRecoveryAsync<TRequest, TResponse>(
        RentedAddress address, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? publishOptions, CancellationToken cancellationToken)
    {
        try
        {
            AmqpMessaging messaging = await runtime.WaitForRecoveryAsync(null, options.Current.PublishRecoveryWait, cancellationToken).ConfigureAwait(false);
            return await messaging.RequestAsync(address.Exchange, address.RoutingKey, routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, publishOptions, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            address.Dispose();
        }
    }

    public ValueTask RepublishAsync(string exchange, string routingKey, Delivery delivery, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken) =>
        runtime.Messaging.RepublishAsync(exchange, routingKey, delivery, extraHeaders, cancellationToken);

    public ValueTask ReplyAsync<TResponse>(
        string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, CancellationToken cancellationToken) =>
        runtime.Messaging.ReplyAsync(replyTo, correlationId, descriptor, response, error, cancellationToken);

    /// <summary>Lost, not closed on purpose: the hosted service is (or will be) reconnecting.</summary>
    private bool IsRecoverable(AmqpConnectionClosedException closed) => closed.Reason.Initiator != CloseInitiator.Application && !runtime.IsStopping;

    private static PublishOptions WithMessageId(PublishOptions? publishOptions)
    {
        if (publishOptions?.MessageId is not null) return publishOptions;
        return new PublishOptions
        {
            MessageId = MessageIds.ToText(MessageIds.Next()),
            Headers = publishOptions?.Headers,
            Priority = publishOptions?.Priority,
            Expiration = publishOptions?.Expiration,
            Persistent = publishOptions?.Persistent,
            CorrelationId = publishOptions?.CorrelationId,
            ReplyTo = publishOptions?.ReplyTo,
        };
    }
}
