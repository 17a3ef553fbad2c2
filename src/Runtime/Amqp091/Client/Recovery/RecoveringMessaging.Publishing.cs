using System.Runtime.CompilerServices;
using TypedAmqp.Buffers;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

// Publishing across recoveries. A publish fixes its message id before its first attempt, so that a publish sent again
// after a lost confirm carries the same id; the id is a Guid passed down, not a PublishOptions made per publish, which
// keeps the common path (connected, confirmed) free of allocations like AmqpMessaging's own.
public sealed partial class RecoveringMessaging
{
    /// <inheritdoc />
    public ValueTask PublishAsync<TMessage>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, CancellationToken cancellationToken)
    {
        if (Recovery is null) return Current().PublishAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, descriptor, message, options, cancellationToken);

        Guid messageId = options?.MessageId is null ? MessageIds.Next() : default;
        if (OpenPublishable() is { } messaging)
        {
            ValueTask confirm;
            try
            {
                confirm = messaging.PublishAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, descriptor, message, options, messageId, cancellationToken);
            }
            catch (AmqpConnectionClosedException ex) when (IsRecoverable(ex))
            {
                // Refused before anything was written: it waits for the recovered connection like a publish made then.
                return PublishAfterRecoveryAsync(messaging, new RentedAddress(exchangeUtf8.Span, routingKeyUtf8.Span), routingKeyTemplate, descriptor, message, options, messageId, cancellationToken);
            }

            // Without resending, a confirm lost with the connection fails as PublishOutcomeUnknownException by itself:
            // the publish's own pooled confirm is returned as it is, so pipelined publishers allocate nothing.
            if (confirm.IsCompletedSuccessfully || Recovery is not { ResendUnconfirmedPublishes: true }) return confirm;

            // From here on the caller's key bytes may become another message's (see RentedAddress): keep a copy.
            return AwaitConfirmAsync(confirm, messaging, new RentedAddress(exchangeUtf8.Span, routingKeyUtf8.Span), routingKeyTemplate, descriptor, message, options, messageId, cancellationToken);
        }

        if (_messaging is null || IsStopping) _ = Current(); // throws the right error: not connected yet, or closed
        return PublishAfterRecoveryAsync(null, new RentedAddress(exchangeUtf8.Span, routingKeyUtf8.Span), routingKeyTemplate, descriptor, message, options, messageId, cancellationToken);
    }

    /// <summary>
    /// Awaits a sent publish's confirm, sending it again if the connection is lost first. A pooled state machine, but
    /// that pool keeps about one per thread and core, so publishers with many publishes in flight allocate one per
    /// publish in this mode (see <see cref="RecoveryOptions.ResendUnconfirmedPublishes"/>).
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    private async ValueTask AwaitConfirmAsync<TMessage>(
        ValueTask confirm, AmqpMessaging messaging, RentedAddress address, string? routingKeyTemplate,
        MessageDescriptor<TMessage> descriptor, TMessage message, PublishOptions? options, Guid messageId, CancellationToken cancellationToken)
    {
        try
        {
            await confirm.ConfigureAwait(false);
        }
        catch (AmqpConnectionClosedException ex) when (IsRecoverable(ex))
        {
            await PublishOnRecoveredAsync(messaging, address, routingKeyTemplate, descriptor, message, options, messageId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            address.Dispose();
        }
    }

    private async ValueTask PublishAfterRecoveryAsync<TMessage>(
        AmqpMessaging? failed, RentedAddress address, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, Guid messageId, CancellationToken cancellationToken)
    {
        try
        {
            await PublishOnRecoveredAsync(failed, address, routingKeyTemplate, descriptor, message, options, messageId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            address.Dispose();
        }
    }

    /// <summary>
    /// Publishes over the next recovered connection. A loss before the confirm is again an unknown outcome, sent once
    /// more only when resending is on.
    /// </summary>
    private async ValueTask PublishOnRecoveredAsync<TMessage>(
        AmqpMessaging? failed, RentedAddress address, string? routingKeyTemplate, MessageDescriptor<TMessage> descriptor, TMessage message,
        PublishOptions? options, Guid messageId, CancellationToken cancellationToken)
    {
        while (true)
        {
            AmqpMessaging messaging = await WaitForRecoveryAsync(failed, PublishWait(), cancellationToken).ConfigureAwait(false);
            bool sent = false;
            try
            {
                ValueTask confirm = messaging.PublishAsync(address.Exchange, address.RoutingKey, routingKeyTemplate, descriptor, message, options, messageId, cancellationToken);
                sent = true;
                await confirm.ConfigureAwait(false);
                return;
            }
            catch (AmqpConnectionClosedException ex) when (IsRecoverable(ex))
            {
                if (sent && ex is PublishOutcomeUnknownException && Recovery is not { ResendUnconfirmedPublishes: true }) throw;
                failed = messaging; // wait for the next connection
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<TResponse> RequestAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> exchangeUtf8, ReadOnlyMemory<byte> routingKeyUtf8, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? publishOptions, CancellationToken cancellationToken)
    {
        // A request lost in flight is not sent again (its reply would go to the old connection's reply queue, and the
        // handler may not be idempotent); a request made while the connection is down waits for the new one.
        AmqpMessaging? messaging = Recovery is null ? Current() : OpenPublishable();
        if (messaging is not null)
        {
            return messaging.RequestAsync(exchangeUtf8, routingKeyUtf8, routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, publishOptions, cancellationToken);
        }

        if (_messaging is null || IsStopping) _ = Current();
        return RequestAfterRecoveryAsync(
            new RentedAddress(exchangeUtf8.Span, routingKeyUtf8.Span), routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, publishOptions, cancellationToken);
    }

    private async ValueTask<TResponse> RequestAfterRecoveryAsync<TRequest, TResponse>(
        RentedAddress address, string? routingKeyTemplate, MessageDescriptor<TRequest> requestDescriptor, TRequest request,
        MessageDescriptor<TResponse> responseDescriptor, TimeSpan timeout, PublishOptions? publishOptions, CancellationToken cancellationToken)
    {
        try
        {
            AmqpMessaging messaging = await WaitForRecoveryAsync(null, PublishWait(), cancellationToken).ConfigureAwait(false);
            return await messaging.RequestAsync(address.Exchange, address.RoutingKey, routingKeyTemplate, requestDescriptor, request, responseDescriptor, timeout, publishOptions, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            address.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask RepublishAsync(string exchange, string routingKey, ReceivedMessage received, IReadOnlyDictionary<string, object?> extraHeaders, CancellationToken cancellationToken) =>
        Current().RepublishAsync(exchange, routingKey, received, extraHeaders, cancellationToken);

    /// <inheritdoc />
    public ValueTask ReplyAsync<TResponse>(
        string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, CancellationToken cancellationToken) =>
        Current().ReplyAsync(replyTo, correlationId, descriptor, response, error, cancellationToken);

    private TimeSpan PublishWait() => Recovery?.PublishWait ?? TimeSpan.Zero;

    /// <summary>Lost, not closed on purpose: recovery is (or will be) reconnecting.</summary>
    private bool IsRecoverable(AmqpConnectionClosedException closed) => closed.Reason.Initiator != CloseInitiator.Application && !IsStopping && Recovery is not null;
}
