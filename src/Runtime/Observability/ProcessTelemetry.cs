using System.Diagnostics;
using TypedAmqp.Messaging;

namespace TypedAmqp.Observability;

/// <summary>
/// The telemetry of one message handled by a typed handler: the consumed-messages count, the consumer span (a child
/// of the publisher's span, through the traceparent header) and the process-duration histogram. A default value is
/// the message nobody observes: ending it does nothing.
/// </summary>
internal struct ProcessTelemetry
{
    private const string OperationName = "process";
    private const string OperationType = "process";

    private Activity? _activity;
    private long _startedAt; // Stopwatch timestamp; 0 when no instrument listens
    private string? _queue;
    private string? _template;
    private string? _serverAddress;
    private object? _serverPort; // boxed once per connection, so tagging it allocates nothing

    /// <summary>
    /// Counts the message and starts its span, or returns the unobserved value when nobody listens. The span gets its
    /// attributes at creation, where samplers see them.
    /// </summary>
    /// <param name="received">The message being processed.</param>
    /// <param name="messageType">Its message type's wire name.</param>
    /// <param name="template">The generator's destination template, used when the message came through its exchange.</param>
    public static ProcessTelemetry Start(ReceivedMessage received, string messageType, DestinationTemplate? template)
    {
        if (!TypedAmqpTelemetry.ProcessObserved) return default;

        IReceivedMessageSource source = received.Source;
        var telemetry = new ProcessTelemetry
        {
            _startedAt = Stopwatch.GetTimestamp(),
            _queue = source.Queue,
            _template = template is not null && template.Describes(received) ? template.Template : null,
            _serverAddress = source.ServerAddress,
            _serverPort = source.ServerPortTag,
        };
        TypedAmqpTelemetry.ConsumedMessages.Add(1, telemetry.MetricTags(errorType: null));

        if (TypedAmqpTelemetry.ActivitySource.HasListeners())
        {
            string exchange = received.Exchange;
            string routingKey = received.RoutingKey;
            string destination = RabbitMqDestination.OfDelivery(exchange, routingKey, telemetry._queue);
            MessageProperties properties = received.Properties;
            var tags = new TagList
            {
                { MessagingAttributes.MessagingSystem, MessagingAttributes.RabbitMqSystem },
                { MessagingAttributes.OperationType, OperationType },
                { MessagingAttributes.OperationName, OperationName },
                { MessagingAttributes.DestinationName, destination },
                { MessagingAttributes.DeliveryTag, (long)received.DeliveryId },
                { MessagingAttributes.BodySize, received.Body.Length },
                { MessagingAttributes.ServerAddress, telemetry._serverAddress },
                { MessagingAttributes.ServerPort, telemetry._serverPort },
                { MessagingAttributes.MessageType, messageType },
            };
            bool serverNamed = IsServerNamed(telemetry._queue);
            if (telemetry._queue is { } queue) tags.Add(MessagingAttributes.SubscriptionName, queue);
            if (serverNamed) tags.Add(MessagingAttributes.DestinationAnonymous, true);
            if (telemetry._template is { } destinationTemplate) tags.Add(MessagingAttributes.DestinationTemplate, destinationTemplate);
            if (routingKey.Length > 0) tags.Add(MessagingAttributes.RoutingKey, routingKey);
            if (properties.MessageId is { } messageId) tags.Add(MessagingAttributes.MessageId, messageId);
            if (properties.CorrelationId is { } correlationId) tags.Add(MessagingAttributes.ConversationId, correlationId);

            // The span name takes the low-cardinality template when there is one; a server-named queue's name is
            // anonymous (new on every declaration), and the conventions keep it out of span names.
            string name = telemetry._template is { } named ? $"{OperationName} {named}" : serverNamed ? OperationName : $"{OperationName} {destination}";
            telemetry._activity = TypedAmqpTelemetry.ActivitySource.StartActivity(name, ActivityKind.Consumer, ParentFrom(properties), tags);
        }

        return telemetry;
    }

    /// <summary>
    /// Counts a message that failed before any handler could see it (for example unreadable headers), with its
    /// <c>error.type</c>; no span, since nothing was processed.
    /// </summary>
    public static void CountUnprocessed(ReceivedMessage received, string errorType)
    {
        if (!TypedAmqpTelemetry.ConsumedMessages.Enabled) return;
        IReceivedMessageSource source = received.Source;
        var telemetry = new ProcessTelemetry { _queue = source.Queue, _serverAddress = source.ServerAddress, _serverPort = source.ServerPortTag };
        TypedAmqpTelemetry.ConsumedMessages.Add(1, telemetry.MetricTags(errorType));
    }

    /// <summary>
    /// Ends the processing: the span gets <c>error.type</c> and an error status when <paramref name="errorType"/> is
    /// set, and the process-duration histogram one measurement. Call once.
    /// </summary>
    /// <param name="errorType">See <see cref="ErrorTypes"/>; null when the message was handled.</param>
    /// <param name="description">The span status's description of the failure.</param>
    public void End(string? errorType, string? description = null)
    {
        Activity? activity = _activity;
        _activity = null;
        if (activity is not null)
        {
            if (errorType is not null)
            {
                activity.SetTag(MessagingAttributes.ErrorType, errorType);
                activity.SetStatus(ActivityStatusCode.Error, description ?? errorType);
            }

            activity.Dispose();
        }

        if (_startedAt == 0) return;
        double seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        _startedAt = 0;
        TagList tags = MetricTags(errorType);
        tags.Add(MessagingAttributes.OperationType, OperationType);
        TypedAmqpTelemetry.ProcessDuration.Record(seconds, tags);
    }

    /// <summary>
    /// The consumer side's metric attributes: all of low cardinality. The destination name is left out (its routing
    /// key can carry any value), its template is in when known; the queue, as the subscription, says where the
    /// messages came from, unless the broker named it (a new name on every declaration).
    /// </summary>
    private readonly TagList MetricTags(string? errorType)
    {
        var tags = new TagList
        {
            { MessagingAttributes.MessagingSystem, MessagingAttributes.RabbitMqSystem },
            { MessagingAttributes.OperationName, OperationName },
            { MessagingAttributes.ServerAddress, _serverAddress },
            { MessagingAttributes.ServerPort, _serverPort },
        };
        if (_queue is not null && !IsServerNamed(_queue)) tags.Add(MessagingAttributes.SubscriptionName, _queue);
        if (_template is not null) tags.Add(MessagingAttributes.DestinationTemplate, _template);
        if (errorType is not null) tags.Add(MessagingAttributes.ErrorType, errorType);
        return tags;
    }

    /// <summary>A queue the broker named ("amq.gen-…"): "amq." names are the broker's alone.</summary>
    private static bool IsServerNamed(string? queue) => queue is not null && queue.StartsWith("amq.", StringComparison.Ordinal);

    /// <summary>The publisher's span context, from the traceparent (and tracestate) header, or none.</summary>
    private static ActivityContext ParentFrom(MessageProperties properties)
    {
        Dictionary<string, object?>? headers = properties.Headers;
        if (headers is null || !headers.TryGetValue(TypedAmqpTelemetry.TraceParentHeader, out object? traceParent) || traceParent is not string parentId) return default;
        string? traceState = headers.TryGetValue(TypedAmqpTelemetry.TraceStateHeader, out object? state) ? state as string : null;
        return ActivityContext.TryParse(parentId, traceState, isRemote: true, out ActivityContext parent) ? parent : default;
    }
}
