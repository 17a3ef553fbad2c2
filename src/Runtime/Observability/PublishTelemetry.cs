using System.Diagnostics;
using System.Text;
using TypedAmqp.Buffers;
using TypedAmqp.Messaging;

namespace TypedAmqp.Observability;

/// <summary>
/// The telemetry of one publish: its producer span, when traced, and what its two metrics need when the publish ends
/// (confirmed, refused, or written when there are no confirms). A default value is the publish nobody observes: ending
/// it does nothing, so the unobserved path costs one check and no allocation.
/// </summary>
internal struct PublishTelemetry
{
    private const string OperationName = "publish";
    private const string OperationType = "send";

    private Activity? _activity;
    private long _startedAt; // Stopwatch timestamp; 0 when no instrument listens
    private string? _metricDestinationName;
    private string? _destinationTemplate;
    private string? _serverAddress;
    private object? _serverPort; // boxed once per connection, so tagging it allocates nothing

    /// <summary>The producer span, or null when not traced.</summary>
    public readonly Activity? Activity => _activity;

    /// <summary>
    /// Starts the telemetry of a publish, or returns the unobserved value when nobody listens. The span gets its
    /// attributes at creation, where samplers see them; <see cref="WithTraceContext"/> then gives the headers to send,
    /// so the consumer's span continues the trace.
    /// </summary>
    /// <param name="serverAddress">The broker's host, as the connection was given it (<c>server.address</c>).</param>
    /// <param name="serverPortTag">The broker's port, boxed once per connection (<c>server.port</c>).</param>
    /// <param name="exchangeUtf8">The exchange.</param>
    /// <param name="routingKeyUtf8">The routing key as sent.</param>
    /// <param name="routingKeyTemplate">The contract's routing-key template (from generated code), or null.</param>
    /// <param name="messageId">The message id, or null when it is <paramref name="generatedMessageId"/>.</param>
    /// <param name="generatedMessageId">The message id TypedAmqp generated, written as text only when traced.</param>
    /// <param name="correlationId">The correlation id, or null.</param>
    /// <param name="messageType">The message's wire name.</param>
    /// <param name="bodySize">The serialized body's length in bytes.</param>
    /// <param name="temporaryDestination">A reply to a requester's temporary, server-named address.</param>
    public static PublishTelemetry Start(
        string serverAddress, object serverPortTag, ReadOnlySpan<byte> exchangeUtf8, ReadOnlySpan<byte> routingKeyUtf8, string? routingKeyTemplate,
        string? messageId, Guid? generatedMessageId, string? correlationId, string messageType, int bodySize, bool temporaryDestination)
    {
        if (!TypedAmqpTelemetry.PublishObserved) return default;

        // Only what the metrics need is computed here (without allocating, for a generated publisher's template); the
        // span's strings are made below, when something traces.
        string? template = routingKeyTemplate is null ? null : DestinationTemplates.Of(exchangeUtf8, routingKeyTemplate);
        var telemetry = new PublishTelemetry
        {
            _startedAt = Stopwatch.GetTimestamp(),
            _destinationTemplate = template,
            // Metrics carry the name only when it cannot vary: a key without placeholders makes it equal the template.
            _metricDestinationName = template is not null && DestinationTemplates.IsConstant(routingKeyTemplate!, routingKeyUtf8) ? template : null,
            _serverAddress = serverAddress,
            _serverPort = serverPortTag,
        };

        if (TypedAmqpTelemetry.ActivitySource.HasListeners())
        {
            string exchange = Encoding.UTF8.GetString(exchangeUtf8);
            string routingKey = Encoding.UTF8.GetString(routingKeyUtf8);
            string destination = RabbitMqDestination.OfPublish(exchange, routingKey);
            var tags = new TagList
            {
                { MessagingAttributes.MessagingSystem, MessagingAttributes.RabbitMqSystem },
                { MessagingAttributes.OperationType, OperationType },
                { MessagingAttributes.OperationName, OperationName },
                { MessagingAttributes.DestinationName, destination },
                { MessagingAttributes.ServerAddress, telemetry._serverAddress },
                { MessagingAttributes.ServerPort, telemetry._serverPort },
                { MessagingAttributes.MessageType, messageType },
                { MessagingAttributes.BodySize, bodySize },
            };
            if (template is not null) tags.Add(MessagingAttributes.DestinationTemplate, template);
            if (routingKey.Length > 0) tags.Add(MessagingAttributes.RoutingKey, routingKey);
            if ((messageId ?? (generatedMessageId is { } generated ? GuidText.ToText(generated) : null)) is { } id) tags.Add(MessagingAttributes.MessageId, id);
            if (correlationId is not null) tags.Add(MessagingAttributes.ConversationId, correlationId);
            if (temporaryDestination)
            {
                tags.Add(MessagingAttributes.DestinationTemporary, true);
                tags.Add(MessagingAttributes.DestinationAnonymous, true);
            }

            // The span name takes the low-cardinality template when there is one, and no destination at all for a
            // temporary one, as the conventions ask.
            string name = template is not null ? $"{OperationName} {template}" : temporaryDestination ? OperationName : $"{OperationName} {destination}";
            telemetry._activity = TypedAmqpTelemetry.ActivitySource.StartActivity(name, ActivityKind.Producer, default(ActivityContext), tags);
        }

        return telemetry;
    }

    /// <summary>
    /// Ends the publish: the span gets <c>error.type</c> and an error status when <paramref name="failure"/> is set, and
    /// the sent-messages counter and operation-duration histogram get one measurement each. Call once.
    /// </summary>
    public void End(Exception? failure)
    {
        Activity? activity = _activity;
        _activity = null;
        string? errorType = failure is null ? null : ErrorTypes.Of(failure);
        if (activity is not null)
        {
            if (errorType is not null)
            {
                activity.SetTag(MessagingAttributes.ErrorType, errorType);
                activity.SetStatus(ActivityStatusCode.Error, failure!.Message);
            }

            activity.Dispose();
        }

        if (_startedAt == 0) return;
        double seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        _startedAt = 0;
        var tags = new TagList
        {
            { MessagingAttributes.MessagingSystem, MessagingAttributes.RabbitMqSystem },
            { MessagingAttributes.OperationName, OperationName },
            { MessagingAttributes.ServerAddress, _serverAddress },
            { MessagingAttributes.ServerPort, _serverPort },
        };
        if (_metricDestinationName is not null) tags.Add(MessagingAttributes.DestinationName, _metricDestinationName);
        if (_destinationTemplate is not null) tags.Add(MessagingAttributes.DestinationTemplate, _destinationTemplate);
        if (errorType is not null) tags.Add(MessagingAttributes.ErrorType, errorType);
        TypedAmqpTelemetry.SentMessages.Add(1, tags);
        tags.Add(MessagingAttributes.OperationType, OperationType);
        TypedAmqpTelemetry.OperationDuration.Record(seconds, tags);
    }

    /// <summary>
    /// The headers to send: <paramref name="headers"/> itself when the publish is not traced, else a copy (never the
    /// caller's own dictionary) with the span's W3C trace context added.
    /// </summary>
    public readonly Dictionary<string, object?>? WithTraceContext(Dictionary<string, object?>? headers)
    {
        if (_activity is not { } activity) return headers;
        var traced = headers is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(headers);
        traced[TypedAmqpTelemetry.TraceParentHeader] = activity.Id;
        if (activity.TraceStateString is { } state) traced[TypedAmqpTelemetry.TraceStateHeader] = state;
        return traced;
    }
}
