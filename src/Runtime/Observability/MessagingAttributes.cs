namespace TypedAmqp.Observability;

/// <summary>
/// The attribute names TypedAmqp's spans and metrics use: OpenTelemetry's messaging semantic conventions, plus the
/// few <c>typedamqp.*</c> ones the conventions have no name for. Public so tests and processors can match on them
/// without retyping strings.
/// </summary>
public static class MessagingAttributes
{
    /// <summary><c>messaging.system</c>: always <see cref="RabbitMqSystem"/>.</summary>
    public const string MessagingSystem = "messaging.system";

    /// <summary>The value of <see cref="MessagingSystem"/>.</summary>
    public const string RabbitMqSystem = "rabbitmq";

    /// <summary><c>messaging.operation.type</c>: <c>send</c> or <c>process</c>.</summary>
    public const string OperationType = "messaging.operation.type";

    /// <summary><c>messaging.operation.name</c>: <c>publish</c> or <c>process</c>.</summary>
    public const string OperationName = "messaging.operation.name";

    /// <summary><c>messaging.destination.name</c>, in RabbitMQ's form (see <see cref="RabbitMqDestination"/>).</summary>
    public const string DestinationName = "messaging.destination.name";

    /// <summary><c>messaging.destination.template</c>: the destination with the contract's routing-key template.</summary>
    public const string DestinationTemplate = "messaging.destination.template";

    /// <summary><c>messaging.destination.temporary</c>: set (true) on replies to a requester's temporary address.</summary>
    public const string DestinationTemporary = "messaging.destination.temporary";

    /// <summary><c>messaging.destination.anonymous</c>: set (true) on replies to a server-named address.</summary>
    public const string DestinationAnonymous = "messaging.destination.anonymous";

    /// <summary><c>messaging.destination.subscription.name</c>: the queue a consumer takes messages from.</summary>
    public const string SubscriptionName = "messaging.destination.subscription.name";

    /// <summary><c>messaging.message.id</c>: the message-id property.</summary>
    public const string MessageId = "messaging.message.id";

    /// <summary><c>messaging.message.conversation_id</c>: the correlation-id property, when there is one.</summary>
    public const string ConversationId = "messaging.message.conversation_id";

    /// <summary><c>messaging.message.body.size</c>: the body's length in bytes (process spans).</summary>
    public const string BodySize = "messaging.message.body.size";

    /// <summary><c>messaging.rabbitmq.destination.routing_key</c>: the routing key, when not empty.</summary>
    public const string RoutingKey = "messaging.rabbitmq.destination.routing_key";

    /// <summary><c>messaging.rabbitmq.message.delivery_tag</c>: the delivery tag (process spans).</summary>
    public const string DeliveryTag = "messaging.rabbitmq.message.delivery_tag";

    /// <summary><c>server.address</c>: the broker's host as configured (no DNS lookup).</summary>
    public const string ServerAddress = "server.address";

    /// <summary><c>server.port</c>: the broker's port.</summary>
    public const string ServerPort = "server.port";

    /// <summary><c>error.type</c>: set if and only if the operation failed (values in <see cref="ErrorTypes"/>).</summary>
    public const string ErrorType = "error.type";

    /// <summary><c>typedamqp.message.type</c>: the message's wire name (the AMQP <c>type</c> property).</summary>
    public const string MessageType = "typedamqp.message.type";

    /// <summary>
    /// <c>typedamqp.connection.state</c>, on <c>typedamqp.client.connections</c>: <c>open</c> (open and usable) or
    /// <c>blocked</c> (open, but the broker blocks its publishes: a resource alarm).
    /// </summary>
    public const string ConnectionState = "typedamqp.connection.state";

    /// <summary>
    /// <c>typedamqp.recovery.event</c>, on <c>typedamqp.client.recovery.events</c>: <c>connection_lost</c>, <c>attempt</c>,
    /// <c>attempt_failed</c>, <c>recovered</c>, <c>subscription_failed</c> or <c>subscription_recovered</c>.
    /// </summary>
    public const string RecoveryEvent = "typedamqp.recovery.event";
}
