using System.Text;
using System.Text.Json;
using TypedAmqp.Buffers;
using TypedAmqp.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TypedAmqp.Messaging;

/// <summary>
/// The steps every generated dispatcher shares: deserialize, call the handler, settle the message, and log what
/// went wrong. Kept in the runtime so generated code stays a plain switch on the message type.
/// </summary>
/// <remarks>Public for the code TypedAmqp's generator emits; not meant to be called directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static partial class MessageDispatch
{
    /// <summary>
    /// Deserializes the message, invokes the handler and settles the message. A message whose headers field table is
    /// malformed is not handled: it is dead-lettered like an unreadable body, without its headers, and reported as
    /// <see cref="DispatchOutcome.MalformedHeaders"/>.
    /// </summary>
    /// <param name="received">The message being handled.</param>
    /// <param name="descriptor">The message type's descriptor.</param>
    /// <param name="handler">The user's handler object.</param>
    /// <param name="invoke">Calls the handler method; a static lambda in generated code.</param>
    /// <param name="policy">Retries, requeue-or-dead-letter, and poison protection.</param>
    /// <param name="deadLetters">
    /// Republishes a body that cannot be deserialized to the queue's dead-letter exchange with the reason in its headers
    /// (x-typedamqp-dead-letter-reason) before it is acked; without it (or without a dead-letter exchange) the message is rejected.
    /// </param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="template">The destination template of the message type on this queue, when the generator knows one.</param>
    /// <param name="cancellationToken">Cancelled when the consumer stops.</param>
    public static ValueTask<DispatchOutcome> HandleAsync<THandler, TMessage>(
        ReceivedMessage received, MessageDescriptor<TMessage> descriptor, THandler handler,
        Func<THandler, TMessage, MessageContext, CancellationToken, ValueTask> invoke, DispatchPolicy policy, IMessagePublisher? deadLetters, ILogger? logger,
        DestinationTemplate? template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        return HandleCoreAsync(received, descriptor, handler, invoke, null, policy, deadLetters, logger, template, cancellationToken);
    }

    /// <summary>
    /// Deserializes the message, invokes a handler that takes no <see cref="MessageContext"/>, and settles the
    /// message; the same steps as the other overload, without creating a context per message.
    /// </summary>
    /// <param name="received">The message being handled.</param>
    /// <param name="descriptor">The message type's descriptor.</param>
    /// <param name="handler">The user's handler object.</param>
    /// <param name="invoke">Calls the handler method; a static lambda in generated code.</param>
    /// <param name="policy">Retries, requeue-or-dead-letter, and poison protection.</param>
    /// <param name="deadLetters">Republishes a body that cannot be deserialized to the dead-letter exchange.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="template">The destination template of the message type on this queue, when the generator knows one.</param>
    /// <param name="cancellationToken">Cancelled when the consumer stops.</param>
    public static ValueTask<DispatchOutcome> HandleAsync<THandler, TMessage>(
        ReceivedMessage received, MessageDescriptor<TMessage> descriptor, THandler handler,
        Func<THandler, TMessage, CancellationToken, ValueTask> invoke, DispatchPolicy policy, IMessagePublisher? deadLetters, ILogger? logger,
        DestinationTemplate? template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        return HandleCoreAsync(received, descriptor, handler, null, invoke, policy, deadLetters, logger, template, cancellationToken);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<DispatchOutcome> HandleCoreAsync<THandler, TMessage>(
        ReceivedMessage received, MessageDescriptor<TMessage> descriptor, THandler handler,
        Func<THandler, TMessage, MessageContext, CancellationToken, ValueTask>? invokeWithContext, Func<THandler, TMessage, CancellationToken, ValueTask>? invoke,
        DispatchPolicy policy, IMessagePublisher? deadLetters, ILogger? logger, DestinationTemplate? template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        logger ??= NullLogger.Instance;
        if (received.Properties.ValidateHeaders() is { } headersError)
        {
            ProcessTelemetry.CountUnprocessed(received, ErrorTypes.MalformedHeaders);
            return await DeadLetterMalformedHeadersAsync(received, descriptor.WireName, headersError, policy, deadLetters, logger).ConfigureAwait(false);
        }

        ProcessTelemetry telemetry = ProcessTelemetry.Start(received, descriptor.WireName, template);
        string? errorType = null;
        string? errorDescription = null;
        try
        {
            TMessage message;
            try
            {
                message = JsonMessageBody.Read(received.Body, descriptor);
            }
            catch (JsonException ex)
            {
                LogDeserializationFailed(logger, descriptor.WireName, received.DeliveryId, received.RoutingKey, ex);
                (errorType, errorDescription) = (ErrorTypes.Of(ex), "deserialization failed");
                await DeadLetterAsync(received, policy, deadLetters, $"the body is not a valid '{descriptor.WireName}': {ex.Message}", logger).ConfigureAwait(false);
                return DispatchOutcome.DeserializationFailed;
            }

            if (policy.MaxDeliveryCount > 0 && received.DeliveryCount is { } count && count >= policy.MaxDeliveryCount)
            {
                LogPoison(logger, descriptor.WireName, received.DeliveryId, count);
                (errorType, errorDescription) = (ErrorTypes.DeliveryLimitReached, "delivery limit reached");
                await SettleQuietlyAsync(received, MessageSettlement.Reject).ConfigureAwait(false);
                return DispatchOutcome.HandlerFailed;
            }

            MessageContext? context = invokeWithContext is null ? null : new MessageContext(received, descriptor.WireName);
            TimeSpan delay = policy.RetryDelay;
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    await (context is not null ? invokeWithContext!(handler, message, context, cancellationToken) : invoke!(handler, message, cancellationToken)).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (attempt < policy.Retries && !received.IsSettled && !cancellationToken.IsCancellationRequested)
                {
                    LogRetrying(logger, descriptor.WireName, received.DeliveryId, attempt + 1, policy.Retries, delay.TotalMilliseconds, ex);
                    try
                    {
                        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Shutting down: fall through to one last attempt, whose failure settles the message.
                    }

                    delay += delay;
                }
                catch (Exception ex)
                {
                    (errorType, errorDescription) = (ErrorTypes.Of(ex), ex.Message);

                    // Logged after settling, with what did happen: a handler cancelled because the connection was lost
                    // cannot settle its message, and the broker requeues it whatever the policy says.
                    if (received.IsSettled)
                    {
                        LogHandlerFailed(logger, descriptor.WireName, received.DeliveryId, "already settled by the handler", ex);
                    }
                    else if (await SettleQuietlyAsync(received, policy.RequeueOnFailure ? MessageSettlement.Modify : MessageSettlement.Reject).ConfigureAwait(false))
                    {
                        LogHandlerFailed(logger, descriptor.WireName, received.DeliveryId, policy.RequeueOnFailure ? "requeued" : "dead-lettered (rejected without requeue)", ex);
                    }
                    else
                    {
                        LogChannelClosedUnderHandler(logger, descriptor.WireName, received.DeliveryId, ex);
                    }

                    return DispatchOutcome.HandlerFailed;
                }
            }

            if (!received.IsSettled) await received.AcceptAsync(cancellationToken).ConfigureAwait(false);
            return DispatchOutcome.Handled;
        }
        catch (Exception ex) when (errorType is null)
        {
            // Settling failed (the channel closed under it): the processing failed all the same.
            (errorType, errorDescription) = (ErrorTypes.Of(ex), ex.Message);
            throw;
        }
        finally
        {
            telemetry.End(errorType, errorDescription);
        }
    }

    /// <summary>
    /// The dispatch as the plain task consumers take, without allocating: a dispatch that finished synchronously
    /// costs nothing, and one still running is awaited by a pooled state machine.
    /// </summary>
    public static ValueTask WithoutOutcome(ValueTask<DispatchOutcome> dispatch)
    {
        if (!dispatch.IsCompletedSuccessfully) return AwaitWithoutOutcomeAsync(dispatch);
        _ = dispatch.Result; // reading the result hands a pooled state machine back to its pool
        return default;
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    private static async ValueTask AwaitWithoutOutcomeAsync(ValueTask<DispatchOutcome> dispatch) => await dispatch.ConfigureAwait(false);

    /// <summary>
    /// A message whose headers field table cannot be read (checked once, before anything reads them) never reaches the
    /// handler: it is logged and dead-lettered without its unreadable headers, the reason saying so.
    /// </summary>
    private static async ValueTask<DispatchOutcome> DeadLetterMalformedHeadersAsync(
        ReceivedMessage received, string messageType, string error, DispatchPolicy policy, IMessagePublisher? deadLetters, ILogger logger)
    {
        LogMalformedHeaders(logger, messageType, received.DeliveryId, received.RoutingKey, error);
        await DeadLetterAsync(received, policy, deadLetters, $"the headers field table is malformed ({error}); the message was republished without its original headers", logger).ConfigureAwait(false);
        return DispatchOutcome.MalformedHeaders;
    }

    /// <summary>
    /// Sends a message that can never be handled to the dead-letter exchange with the reason in its headers, then acks
    /// it; without a dead-letter exchange (or a publisher), rejects it without requeue so the broker dead-letters it.
    /// </summary>
    private static async ValueTask DeadLetterAsync(ReceivedMessage received, DispatchPolicy policy, IMessagePublisher? deadLetters, string reason, ILogger logger)
    {
        if (policy.DeadLetterExchange is { } exchange && deadLetters is not null)
        {
            try
            {
                var headers = new Dictionary<string, object?>
                {
                    ["x-typedamqp-dead-letter-reason"] = reason.Length > 1000 ? reason[..1000] : reason,
                    ["x-typedamqp-original-exchange"] = received.Exchange,
                    ["x-typedamqp-original-routing-key"] = received.RoutingKey,
                };
                await deadLetters.RepublishAsync(exchange, policy.DeadLetterRoutingKey ?? received.RoutingKey, received, headers, CancellationToken.None).ConfigureAwait(false);
                await SettleQuietlyAsync(received, MessageSettlement.Accept).ConfigureAwait(false);
                return;
            }
            catch (AmqpException ex)
            {
                LogDeadLetterFailed(logger, exchange, received.DeliveryId, ex);
            }
        }

        await SettleQuietlyAsync(received, MessageSettlement.Reject).ConfigureAwait(false);
    }

    /// <summary>Dead-letters a message whose type no handler takes (with the reason in headers when the queue has a dead-letter exchange), and logs it.</summary>
    public static async ValueTask<DispatchOutcome> RejectUnknownTypeAsync(ReceivedMessage received, string consumer, DispatchPolicy policy, IMessagePublisher? deadLetters, ILogger? logger)
    {
        logger ??= NullLogger.Instance;
        string type = Encoding.UTF8.GetString(received.Properties.TypeUtf8);
        LogUnknownType(logger, consumer, type.Length == 0 ? "(none)" : type, received.DeliveryId);
        string reason = $"{consumer} has no handler for message type '{(type.Length == 0 ? "(none)" : type)}'";
        if (received.Properties.ValidateHeaders() is { } headersError) reason += $"; its headers field table is malformed ({headersError}), so it was republished without its original headers";
        ProcessTelemetry.CountUnprocessed(received, ErrorTypes.UnknownMessageType);
        await DeadLetterAsync(received, policy, deadLetters, reason, logger).ConfigureAwait(false);
        return DispatchOutcome.UnknownMessageType;
    }

    /// <summary>Settles the message; false when its channel is gone, in which case the broker requeues it itself.</summary>
    private static async ValueTask<bool> SettleQuietlyAsync(ReceivedMessage received, MessageSettlement settlement)
    {
        try
        {
            await received.SettleAsync(settlement, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (AmqpException)
        {
            return false;
        }
    }

    [LoggerMessage(100, LogLevel.Error, "Message of type {MessageType} (delivery {DeliveryTag}, routing key {RoutingKey}) could not be deserialized; rejected without requeue")]
    private static partial void LogDeserializationFailed(ILogger logger, string messageType, ulong deliveryTag, string routingKey, Exception exception);

    [LoggerMessage(101, LogLevel.Error, "Handler for {MessageType} failed on delivery {DeliveryTag}; the message is {Outcome}")]
    private static partial void LogHandlerFailed(ILogger logger, string messageType, ulong deliveryTag, string outcome, Exception exception);

    [LoggerMessage(108, LogLevel.Warning, "Handler for {MessageType} did not finish delivery {DeliveryTag}: its channel closed (connection lost or channel closed), so the message was not settled and the broker requeues it")]
    private static partial void LogChannelClosedUnderHandler(ILogger logger, string messageType, ulong deliveryTag, Exception exception);

    [LoggerMessage(103, LogLevel.Warning, "Handler for {MessageType} failed on delivery {DeliveryTag}; retry {Attempt} of {Retries} in {DelayMilliseconds} ms")]
    private static partial void LogRetrying(ILogger logger, string messageType, ulong deliveryTag, int attempt, int retries, double delayMilliseconds, Exception exception);

    [LoggerMessage(104, LogLevel.Error, "Message of type {MessageType} (delivery {DeliveryTag}) was delivered {DeliveryCount} times; rejected as poison without requeue")]
    private static partial void LogPoison(ILogger logger, string messageType, ulong deliveryTag, long deliveryCount);

    [LoggerMessage(107, LogLevel.Error, "Could not republish delivery {DeliveryTag} to dead-letter exchange {Exchange}; rejecting it instead")]
    private static partial void LogDeadLetterFailed(ILogger logger, string exchange, ulong deliveryTag, Exception exception);

    [LoggerMessage(109, LogLevel.Error, "Message of type {MessageType} (delivery {DeliveryTag}, routing key {RoutingKey}) has malformed headers ({Error}); dead-lettered without calling the handler")]
    private static partial void LogMalformedHeaders(ILogger logger, string messageType, ulong deliveryTag, string routingKey, string error);

    [LoggerMessage(102, LogLevel.Error, "Consumer {Consumer} has no handler for message type {MessageType} (delivery {DeliveryTag}); rejected without requeue")]
    private static partial void LogUnknownType(ILogger logger, string consumer, string messageType, ulong deliveryTag);
}
