using Microsoft.CodeAnalysis;

namespace TypedAmqp.Generators.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are stable; docs/diagnostics.md describes each with an example.</summary>
internal static class DiagnosticDescriptors
{
    private const string Topology = "TypedAmqp.Topology";
    private const string Contracts = "TypedAmqp.Contracts";
    private const string Serialization = "TypedAmqp.Serialization";

    public static readonly DiagnosticDescriptor ConflictingExchange = new(
        "TAMQP001", "Conflicting exchange declarations",
        "Exchange '{0}' is declared by {1} and {2} with different settings ({3}); RabbitMQ would refuse the second with PRECONDITION_FAILED",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ConflictingQueue = new(
        "TAMQP002", "Conflicting queue declarations",
        "Queue '{0}' is declared by {1} and {2} with different settings ({3}); RabbitMQ would refuse the second with PRECONDITION_FAILED",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UndeclaredExchange = new(
        "TAMQP003", "Binding to an undeclared exchange",
        "{0} binds to exchange '{1}', which no [Exchange] contract declares; declare it, or mark it with [assembly: ExternalExchange(\"{1}\", ...)] if another service declares it",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor BindingKeyDoesNotFitExchange = new(
        "TAMQP004", "Binding does not fit the exchange kind",
        "Binding of {0} to {1} exchange '{2}': {3}",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MalformedTopicKey = new(
        "TAMQP005", "Malformed topic routing key",
        "'{0}' is not a valid topic key for exchange '{1}': {2}",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnroutedRoutingKey = new(
        "TAMQP006", "Publisher routing key matches no binding",
        "{0} publishes to exchange '{1}' with routing key '{2}', which no binding in this compilation matches; the broker would drop or return these messages",
        Topology, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnreachableQueue = new(
        "TAMQP007", "Queue is not bound to any exchange",
        "Queue '{0}' ({1}) has no [Binding]; only publishes to the default exchange with routing key '{0}' can reach it",
        Topology, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidName = new(
        "TAMQP008", "Invalid exchange or queue name",
        "{0} name '{1}' is invalid: {2}",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidQueueSettings = new(
        "TAMQP009", "Invalid queue settings",
        "Queue '{0}': {1}",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidPublisherMethod = new(
        "TAMQP010", "Publisher method cannot be implemented",
        "Publisher method {0}.{1}: {2}",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidHandlerMethod = new(
        "TAMQP011", "Consumer handler cannot be called",
        "Handler {0}.{1}: {2}",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateHandler = new(
        "TAMQP012", "Two handlers for one message type",
        "{0} has two handlers for message type '{1}' ({2} and {3}); a delivery can go to only one",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateWireName = new(
        "TAMQP013", "Two message types share a wire name",
        "Message types {0} and {1} both use the wire name '{2}'; consumers could not tell them apart. Give one a different [MessageType] name.",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingJsonContext = new(
        "TAMQP014", "No JsonSerializerContext for the contract",
        "{0} has no JsonSerializerContext; add [assembly: JsonContext(typeof(YourJsonContext))] or [JsonContext(...)] on the contract",
        Serialization, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MessageTypeNotInJsonContext = new(
        "TAMQP015", "Message type missing from the JsonSerializerContext",
        "Message type {0} (used by {1}) is not registered on {2}; add [JsonSerializable(typeof({0}))] to it",
        Serialization, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownPlaceholder = new(
        "TAMQP016", "Routing-key placeholder names no member",
        "Routing key '{0}' of {1} uses placeholder {{{2}}}, but {3} has no public property or field '{2}'",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor PlaceholderNotFormattable = new(
        "TAMQP017", "Routing-key placeholder cannot be formatted",
        "Placeholder {{{0}}} in the routing key of {1} is of type {2}, which cannot be written into a routing key; use a string, number, Guid, date or enum member",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidConsumer = new(
        "TAMQP018", "Invalid consumer contract",
        "{0}: {1}",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidExchangeSettings = new(
        "TAMQP019", "Invalid exchange settings",
        "Exchange '{0}': {1}",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);
    public static readonly DiagnosticDescriptor GenericContract = new(
        "TAMQP020", "Generic contract interface",
        "{0} is generic (or nested in a generic type); a generated publisher or dispatcher cannot pick its type arguments. Declare a non-generic interface per message family, deriving from the generic one if you like.",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InaccessibleContract = new(
        "TAMQP021", "Contract interface is not accessible to generated code",
        "{0} cannot be implemented by generated code: {1}. Make it (and the types it is nested in) public or internal.",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GeneratedNameTaken = new(
        "TAMQP022", "A type already has the generated name",
        "The type generated for {0} would be named {1}, which this project already declares; rename one of them",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateGeneratedName = new(
        "TAMQP023", "Two contracts would generate the same type",
        "{0} and {1} would both generate {2}; rename one of the interfaces",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ConsumerWithoutQueue = new(
        "TAMQP024", "[Consumer] without [Queue]",
        "{0} has [Consumer] but no [Queue], so nothing would consume it; add [Queue(\"name\")] naming the queue it reads",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GeneratorFailure = new(
        "TAMQP000", "TypedAmqp could not process a contract",
        "TypedAmqp's generator failed on {0} ({1}: {2}); this is a TypedAmqp defect, please report it with the contract",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);
    public static readonly DiagnosticDescriptor TransientQueueDeprecated = new(
        "TAMQP025", "Transient non-exclusive queue",
        "Queue '{0}' is neither durable nor exclusive; {1} deprecates transient non-exclusive queues. Make it durable, or exclusive to its connection.",
        Topology, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor QuorumQueueDropsRedeliveries = new(
        "TAMQP026", "Quorum queue drops a message after its delivery limit",
        "Quorum queue '{0}' has neither DeliveryLimit nor DeadLetterExchange; {1} applies a delivery limit of 20 and then drops the message. Set DeadLetterExchange to keep such messages, or DeliveryLimit (-1 for none).",
        Topology, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidArgumentValue = new(
        "TAMQP027", "Declare argument of the wrong type or range",
        "Argument '{0}' of {1} '{2}': {3}",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateArgument = new(
        "TAMQP028", "One declare argument set twice",
        "{0} '{1}' sets '{2}' twice ({3}); only one value reaches the broker. Keep one.",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor StreamConsumerNeedsPrefetch = new(
        "TAMQP029", "Stream queue consumed without a prefetch",
        "{0} consumes stream queue '{1}' with Prefetch = 0; RabbitMQ refuses stream consumers without a prefetch count (PRECONDITION_FAILED). Set Prefetch, such as 100.",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UndeclaredReferencedExchange = new(
        "TAMQP030", "Dead-letter or alternate exchange is declared nowhere",
        "{0} '{1}' sends {2} to exchange '{3}', which no contract declares; the broker drops those messages silently. Declare it, or mark it [assembly: ExternalExchange(\"{3}\", ...)].",
        Topology, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ExternalExchangeConflict = new(
        "TAMQP031", "External exchange contradicts a declaration",
        "Exchange '{0}' is marked external as {1} but {2}; RabbitMQ would refuse one of the declarations with PRECONDITION_FAILED",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidHeaderMatch = new(
        "TAMQP032", "x-match set in Headers",
        "Binding of {0}: '{1}' sets x-match among the matched headers; {2}",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor PublishToInternalExchange = new(
        "TAMQP033", "Publishing to an internal exchange",
        "{0} publishes to exchange '{1}', which is Internal; RabbitMQ refuses such publishes (ACCESS_REFUSED) and closes the channel. Publish to an exchange bound to it instead.",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidReplyTimeout = new(
        "TAMQP034", "Invalid reply timeout",
        "[ReplyTimeout({0})] on {1}",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidMessageTypeName = new(
        "TAMQP035", "Invalid message-type name",
        "Message type {0} has wire name '{1}': {2}",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor RoutingKeyTooLong = new(
        "TAMQP036", "Routing key over 255 bytes",
        "The routing key '{0}…' of {1} is {2} UTF-8 bytes; AMQP routing keys hold at most 255",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ResponseTypeMismatch = new(
        "TAMQP037", "Requester and responder disagree",
        "{0} requests {1} and expects {2}, but {3} {4}; the requester would time out or fail to read the reply",
        Contracts, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor PlaceholderMayContainDot = new(
        "TAMQP038", "Placeholder text can contain a dot",
        "Placeholder {{{0}}} of {1} is a {2}, whose text can contain '.', which splits a topic key into extra words; bindings with '*' would then miss it. Use a string, integer, Guid or enum member.",
        Topology, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidTargetBroker = new(
        "TAMQP039", "Unreadable broker version",
        "'{0}' is not a RabbitMQ version; write major.minor, such as \"4.0\" or \"3.13\"",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DeliveryCountNeedsQuorum = new(
        "TAMQP040", "MaxDeliveryCount on a queue that does not count deliveries",
        "{0} sets MaxDeliveryCount = {1}, but only quorum queues count deliveries (x-delivery-count); on {2} queue '{3}' the limit never applies. Use a quorum queue, or Retries.",
        Contracts, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ConcurrencyAbovePrefetch = new(
        "TAMQP041", "More handlers than prefetched messages",
        "{0} runs {1} handlers at once but prefetches {2} messages, so at most {2} can ever run; raise Prefetch to at least Concurrency",
        Contracts, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DeadLetterCycle = new(
        "TAMQP042", "Dead-letters route back to the same queue",
        "Queue '{0}' dead-letters to exchange '{1}' with key '{2}', which its own binding matches; RabbitMQ drops messages that cycle like this. Use a separate dead-letter exchange or routing key.",
        Topology, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor IgnoredArgument = new(
        "TAMQP043", "Argument the broker ignores",
        "Argument '{0}' of queue '{1}' has no effect on {2}: {3}",
        Topology, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor RoutingKeyIgnored = new(
        "TAMQP044", "Routing key on an exchange that ignores it",
        "{0} publishes with routing key '{1}' to {2} exchange '{3}', which ignores routing keys; remove [RoutingKey] or use a direct or topic exchange",
        Topology, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor BindingToDefaultExchange = new(
        "TAMQP045", "Binding to the default exchange",
        "{0} binds to the default exchange (\"\"); RabbitMQ refuses bindings to it (ACCESS_REFUSED), and every queue is already reachable there by its name",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LeakingServerNamedQueue = new(
        "TAMQP046", "Server-named queue outlives its connection",
        "Server-named queue of {0} is neither Exclusive nor AutoDelete; every connection (and every reconnect) declares a new one and the old ones stay on the broker, collecting messages nobody reads. Set Exclusive = true.",
        Topology, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor BindingToNonExchange = new(
        "TAMQP047", "Binding names no exchange",
        "{0} has a binding whose exchange is {1}; bind to an [Exchange] contract with typeof(...) or to an exchange by name",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidJsonContext = new(
        "TAMQP048", "[JsonContext] names a type that cannot serialize",
        "[JsonContext(typeof({0}))]: {1}",
        Serialization, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotValidUtf8 = new(
        "TAMQP049", "Text that is not valid UTF-8",
        "{0} '{1}' holds a lone UTF-16 surrogate at position {2}, which has no UTF-8 form; AMQP sends names, keys and types as UTF-8",
        Topology, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
