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
}
