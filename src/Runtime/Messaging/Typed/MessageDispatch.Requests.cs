using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedAmqp.Observability;

namespace TypedAmqp.Messaging;

// Handling a request: the handler's result (or its failure) goes back to the requester's reply-to address.
public static partial class MessageDispatch
{
    /// <summary>The application header an error reply carries the responder's failure in, on either transport.</summary>
    internal const string ReplyErrorHeader = "x-typedamqp-error";

    /// <summary>
    /// Deserializes a request, invokes the handler and sends its response (or, when it throws, an error reply) to the
    /// requester, then acks. Requests are not retried or requeued: the requester is waiting and would time out.
    /// <paramref name="template"/> is the request type's destination template on this queue, when the generator knows one.
    /// </summary>
    public static async ValueTask<DispatchOutcome> HandleRequestAsync<THandler, TRequest, TResponse>(
        ReceivedMessage received, MessageDescriptor<TRequest> requestDescriptor, MessageDescriptor<TResponse> responseDescriptor, THandler handler,
        Func<THandler, TRequest, MessageContext, CancellationToken, ValueTask<TResponse>> invoke, IMessagePublisher? replies, ILogger? logger,
        DestinationTemplate? template, CancellationToken cancellationToken)
    {
        logger ??= NullLogger.Instance;
        if (received.Properties.ValidateHeaders() is { } headersError)
        {
            // Rejected without requeue and logged, like a request without a reply address; the requester times out.
            ProcessTelemetry.CountUnprocessed(received, ErrorTypes.MalformedHeaders);
            return await DeadLetterMalformedHeadersAsync(received, requestDescriptor.WireName, headersError, DispatchPolicy.Default, null, logger).ConfigureAwait(false);
        }

        // The reply is published while the process span is current, so the reply's span is its child.
        ProcessTelemetry telemetry = ProcessTelemetry.Start(received, requestDescriptor.WireName, template);
        string? errorType = null;
        string? errorDescription = null;
        try
        {
            string? replyTo = received.Properties.ReplyTo;
            string? correlationId = received.Properties.CorrelationId;
            if (replies is null || replyTo is null || correlationId is null)
            {
                LogNoReplyAddress(logger, requestDescriptor.WireName, received.DeliveryId);
                (errorType, errorDescription) = (ErrorTypes.MissingReplyAddress, "no reply-to address or correlation id");
                await SettleQuietlyAsync(received, MessageSettlement.Reject).ConfigureAwait(false);
                return DispatchOutcome.HandlerFailed;
            }

            TRequest request;
            try
            {
                request = JsonMessageBody.Read(received.Body, requestDescriptor);
            }
            catch (JsonException ex)
            {
                LogDeserializationFailed(logger, requestDescriptor.WireName, received.DeliveryId, received.RoutingKey, ex);
                (errorType, errorDescription) = (ErrorTypes.Of(ex), "deserialization failed");
                await ReplyQuietlyAsync(replies, replyTo, correlationId, responseDescriptor, default, $"the request body could not be read: {ex.Message}", logger).ConfigureAwait(false);
                await SettleQuietlyAsync(received, MessageSettlement.Reject).ConfigureAwait(false);
                return DispatchOutcome.DeserializationFailed;
            }

            DispatchOutcome outcome;
            try
            {
                TResponse response = await invoke(handler, request, new MessageContext(received, requestDescriptor.WireName), cancellationToken).ConfigureAwait(false);
                await ReplyQuietlyAsync(replies, replyTo, correlationId, responseDescriptor, response, null, logger).ConfigureAwait(false);
                outcome = DispatchOutcome.Handled;
            }
            catch (Exception ex)
            {
                LogHandlerFailed(logger, requestDescriptor.WireName, received.DeliveryId, "answered with an error reply", ex);
                (errorType, errorDescription) = (ErrorTypes.Of(ex), ex.Message);
                await ReplyQuietlyAsync(replies, replyTo, correlationId, responseDescriptor, default, $"{ex.GetType().Name}: {ex.Message}", logger).ConfigureAwait(false);
                outcome = DispatchOutcome.HandlerFailed;
            }

            if (!received.IsSettled) await SettleQuietlyAsync(received, MessageSettlement.Accept).ConfigureAwait(false);
            return outcome;
        }
        finally
        {
            telemetry.End(errorType, errorDescription);
        }
    }

    private static async ValueTask ReplyQuietlyAsync<TResponse>(
        IMessagePublisher replies, string replyTo, string correlationId, MessageDescriptor<TResponse> descriptor, TResponse? response, string? error, ILogger logger)
    {
        try
        {
            await replies.ReplyAsync(replyTo, correlationId, descriptor, response, error, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmqpException or JsonException or NotSupportedException or InvalidOperationException)
        {
            // The requester is gone (its reply-to no longer routes), the channel closed, or the response would not
            // serialize; the requester times out, and the failure is logged here.
            LogReplyFailed(logger, descriptor.WireName, correlationId, ex);
        }
    }

    [LoggerMessage(105, LogLevel.Error, "Request of type {MessageType} (delivery {DeliveryTag}) has no reply-to address or correlation id; rejected")]
    private static partial void LogNoReplyAddress(ILogger logger, string messageType, ulong deliveryTag);

    [LoggerMessage(106, LogLevel.Warning, "The {MessageType} reply for correlation id {CorrelationId} could not be delivered")]
    internal static partial void LogReplyFailed(ILogger logger, string messageType, string correlationId, Exception exception);
}
