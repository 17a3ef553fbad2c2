using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace TypedAmqp.Messaging;

/// <summary>
/// Writes an AsyncAPI 3.0 document (JSON) of a topology and the operations on it: the broker as a server, a channel
/// per exchange and routing key that is published to and per queue, a send operation per publisher method and a
/// receive operation per consumer handler, and each message with a JSON Schema of its payload.
/// </summary>
/// <remarks>
/// Schemas come from <see cref="JsonSchemaExporter"/> over the source-generated <see cref="JsonTypeInfo"/>, so they
/// describe exactly what the serializer writes (property names, number handling) and need no reflection. Channel and
/// operation bindings follow the AsyncAPI AMQP bindings, version 0.3.0.
/// </remarks>
public static class AsyncApiDocument
{
    /// <summary>The AsyncAPI version written.</summary>
    public const string SpecificationVersion = "3.0.0";

    private const string AmqpBindingVersion = "0.3.0";

    // The exchange types the AMQP binding's schema knows; a plugin type (x-delayed-message…) is left out of the binding.
    private static readonly HashSet<string> BindingExchangeTypes = new(StringComparer.Ordinal) { "direct", "fanout", "topic", "headers" };

    private static readonly JsonSchemaExporterOptions SchemaOptions = new() { TreatNullObliviousAsNonNullable = true };

    /// <summary>The document for <paramref name="topology"/> and <paramref name="operations"/> (such as a generated <c>MessagingTopology</c>'s), indented JSON.</summary>
    public static string Write(TopologyDescription topology, IEnumerable<MessageOperation> operations, AsyncApiInfo info)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(info);
        string virtualHost = info.Server is null ? "/" : BrokerUri.Parse(info.Server).VirtualHost ?? "/";
        MessageOperation[] all = operations.ToArray();
        // A handler overloaded per message type shares its method name: such operations are keyed by their message too.
        HashSet<(string, string)> overloaded = all.GroupBy(o => (o.Contract, o.Method)).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var writer = new DocumentParts(topology, virtualHost);
        foreach (MessageOperation operation in all) writer.Add(operation, overloaded.Contains((operation.Contract, operation.Method)));

        var document = new JsonObject
        {
            ["asyncapi"] = SpecificationVersion,
            ["info"] = Info(info),
        };
        if (info.Server is not null) document["servers"] = Servers(info.Server);
        document["defaultContentType"] = "application/json";
        document["channels"] = writer.Channels;
        document["operations"] = writer.Operations;
        document["components"] = new JsonObject { ["messages"] = writer.Messages, ["schemas"] = writer.Schemas };

        var buffer = new MemoryStream();
        // Relaxed escaping keeps quotes and apostrophes readable; the document is a file, never embedded in HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(json);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static JsonObject Info(AsyncApiInfo info)
    {
        var node = new JsonObject { ["title"] = info.Title, ["version"] = info.Version };
        if (info.Description is not null) node["description"] = info.Description;
        return node;
    }

    private static JsonObject Servers(string uri)
    {
        // Parsed, not copied: only host, port and virtual host go into the document, never the user or password.
        BrokerUri broker = BrokerUri.Parse(uri);
        string host = broker.Host ?? "localhost";
        string port = (broker.Port ?? (broker.UseTls ? 5671 : 5672)).ToString(CultureInfo.InvariantCulture);
        string virtualHost = broker.VirtualHost ?? "/";
        var server = new JsonObject
        {
            ["host"] = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}",
            ["protocol"] = broker.UseTls ? "amqps" : "amqp",
            ["protocolVersion"] = "0-9-1",
            ["description"] = $"RabbitMQ, virtual host '{virtualHost}'",
        };
        if (virtualHost != "/") server["pathname"] = "/" + Uri.EscapeDataString(virtualHost);
        return new JsonObject { ["broker"] = server };
    }

    /// <summary>The channels, operations and components, filled one operation at a time.</summary>
    private sealed class DocumentParts
    {
        private readonly TopologyDescription _topology;
        private readonly string _virtualHost;
        private readonly DocumentKeys _channelKeys = new();
        private readonly DocumentKeys _operationKeys = new();
        private readonly DocumentKeys _messageKeys = new();
        private readonly Dictionary<string, string> _sendChannels = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _queueChannels = new(StringComparer.Ordinal);
        private readonly Dictionary<(string WireName, Type Type), string> _messages = [];

        public DocumentParts(TopologyDescription topology, string virtualHost)
        {
            _topology = topology;
            _virtualHost = virtualHost;
            // Every queue is a channel, consumed here or not (a dead-letter queue), so the document shows the whole topology.
            foreach (QueueDeclaration queue in topology.Queues) QueueChannel(queue.Reference);
        }

        public JsonObject Channels { get; } = [];

        public JsonObject Operations { get; } = [];

        public JsonObject Messages { get; } = [];

        public JsonObject Schemas { get; } = [];

        public void Add(MessageOperation operation, bool overloaded)
        {
            string channel = operation.Action == OperationAction.Send
                ? SendChannel(operation.Exchange ?? string.Empty, operation.RoutingKey ?? string.Empty, operation.Message)
                : QueueChannel(operation.Queue ?? string.Empty);
            string message = ChannelMessage(channel, operation.Message);
            string id = _operationKeys.Claim($"{operation.Contract}.{operation.Method}" + (overloaded ? "." + operation.Message.WireName : string.Empty));
            var node = new JsonObject
            {
                ["action"] = operation.Action == OperationAction.Send ? "send" : "receive",
                ["channel"] = Reference($"#/channels/{channel}"),
                ["summary"] = $"{operation.Contract}.{operation.Method}",
                ["messages"] = new JsonArray(Reference($"#/channels/{channel}/messages/{message}")),
            };
            if (operation.Reply is { } reply) node["reply"] = Reply(id, reply, operation.Action);
            Operations[id] = node;
        }

        private JsonObject Reply(string operationId, MessageDescription reply, OperationAction action)
        {
            string channel = _channelKeys.Claim(operationId + ".reply");
            Channels[channel] = new JsonObject
            {
                ["address"] = null,
                ["description"] = action == OperationAction.Send
                    ? "The reply to a request: sent back to the requester's reply-to address (RabbitMQ direct reply-to)."
                    : "The reply to a handled request: sent through the default exchange to the request's reply-to address.",
                ["messages"] = new JsonObject(),
            };
            string message = ChannelMessage(channel, reply);
            return new JsonObject
            {
                ["address"] = new JsonObject { ["description"] = "The request's reply-to property.", ["location"] = "$message.header#/reply_to" },
                ["channel"] = Reference($"#/channels/{channel}"),
                ["messages"] = new JsonArray(Reference($"#/channels/{channel}/messages/{message}")),
            };
        }

        private string SendChannel(string exchangeName, string routingKey, MessageDescription message)
        {
            string identity = exchangeName + "\n" + routingKey;
            if (_sendChannels.TryGetValue(identity, out string? existing)) return existing;
            string key = _channelKeys.Claim(exchangeName + "." + routingKey.Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal));
            _sendChannels[identity] = key;
            ExchangeDeclaration? exchange = _topology.Exchanges.FirstOrDefault(e => e.Name == exchangeName);
            var amqpExchange = new JsonObject { ["name"] = exchangeName };
            if (exchange is not null)
            {
                if (BindingExchangeTypes.Contains(exchange.Type)) amqpExchange["type"] = exchange.Type;
                amqpExchange["durable"] = exchange.Durable;
                amqpExchange["autoDelete"] = exchange.AutoDelete;
            }

            amqpExchange["vhost"] = _virtualHost;
            var channel = new JsonObject
            {
                ["address"] = routingKey,
                ["title"] = $"{exchangeName} {routingKey}".TrimEnd(),
                ["description"] = $"Published to exchange {exchangeName}{(exchange is null ? " (declared elsewhere)" : $" ({exchange.Type})")} with routing key \"{routingKey}\".",
                ["messages"] = new JsonObject(),
            };
            JsonObject? parameters = Parameters(routingKey, message.TypeInfo);
            if (parameters is not null) channel["parameters"] = parameters;
            channel["bindings"] = new JsonObject
            {
                ["amqp"] = new JsonObject { ["is"] = "routingKey", ["exchange"] = amqpExchange, ["bindingVersion"] = AmqpBindingVersion },
            };
            Channels[key] = channel;
            return key;
        }

        // The routing key's {Member} placeholders, each read from the payload property the member is serialized as.
        private static JsonObject? Parameters(string routingKey, JsonTypeInfo typeInfo)
        {
            JsonObject? parameters = null;
            int open = routingKey.IndexOf('{', StringComparison.Ordinal);
            while (open >= 0)
            {
                int close = routingKey.IndexOf('}', open + 1);
                if (close < 0) break;
                string member = routingKey[(open + 1)..close];
                var parameter = new JsonObject { ["description"] = $"The message's {member}, written into the routing key." };
                JsonPropertyInfo? property = typeInfo.Kind == JsonTypeInfoKind.Object
                    ? typeInfo.Properties.FirstOrDefault(p => (p.AttributeProvider as MemberInfo)?.Name == member)
                    : null;
                if (property is not null) parameter["location"] = "$message.payload#/" + property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                (parameters ??= [])[member] = parameter;
                open = routingKey.IndexOf('{', close + 1);
            }

            return parameters;
        }

        private string QueueChannel(string reference)
        {
            if (_queueChannels.TryGetValue(reference, out string? existing)) return existing;
            QueueDeclaration? queue = _topology.Queues.FirstOrDefault(q => q.Reference == reference);
            bool serverNamed = queue is { Name.Length: 0 } || reference.StartsWith(TopologyDescription.ServerNamedPrefix, StringComparison.Ordinal);
            string label = reference.StartsWith(TopologyDescription.ServerNamedPrefix, StringComparison.Ordinal) ? reference[TopologyDescription.ServerNamedPrefix.Length..] : reference;
            string key = _channelKeys.Claim(serverNamed ? label + ".queue" : reference);
            _queueChannels[reference] = key;
            var amqpQueue = new JsonObject();
            if (!serverNamed) amqpQueue["name"] = reference;
            if (queue is not null)
            {
                amqpQueue["durable"] = queue.Durable;
                amqpQueue["exclusive"] = queue.Exclusive;
                amqpQueue["autoDelete"] = queue.AutoDelete;
            }

            amqpQueue["vhost"] = _virtualHost;
            string[] bindings = _topology.Bindings
                .Where(b => !b.DestinationIsExchange && b.Destination == reference)
                .Select(b => b.RoutingKey.Length == 0 ? $"exchange {b.Source}" : $"exchange {b.Source} with \"{b.RoutingKey}\"")
                .ToArray();
            Channels[key] = new JsonObject
            {
                ["address"] = serverNamed ? null : reference,
                ["title"] = serverNamed ? "server-named queue" : reference,
                ["description"] = (serverNamed ? "A queue the broker names for each connection" : $"Queue {reference}") +
                    (bindings.Length == 0 ? "." : ", bound to " + string.Join(", ", bindings) + "."),
                ["messages"] = new JsonObject(),
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject { ["is"] = "queue", ["queue"] = amqpQueue, ["bindingVersion"] = AmqpBindingVersion },
                },
            };
            return key;
        }

        // A channel lists the messages its operations use, each a reference to the one component message of that type.
        private string ChannelMessage(string channel, MessageDescription message)
        {
            string key = ComponentMessage(message);
            var messages = (JsonObject)Channels[channel]!["messages"]!;
            if (!messages.ContainsKey(key)) messages[key] = Reference($"#/components/messages/{key}");
            return key;
        }

        private string ComponentMessage(MessageDescription message)
        {
            if (_messages.TryGetValue((message.WireName, message.TypeInfo.Type), out string? existing)) return existing;
            string key = _messageKeys.Claim(message.WireName);
            _messages[(message.WireName, message.TypeInfo.Type)] = key;
            Schemas[key] = Schema(message.TypeInfo, $"#/components/schemas/{key}");
            Messages[key] = new JsonObject
            {
                ["name"] = message.WireName,
                ["title"] = message.TypeInfo.Type.Name,
                ["contentType"] = "application/json",
                ["payload"] = Reference($"#/components/schemas/{key}"),
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject { ["messageType"] = message.WireName, ["bindingVersion"] = AmqpBindingVersion },
                },
            };
            return key;
        }

        private static JsonNode Schema(JsonTypeInfo typeInfo, string location)
        {
            JsonNode schema = typeInfo.GetJsonSchemaAsNode(SchemaOptions);
            // The exporter's references ("#", "#/properties/…", for recursive types) point into the schema on its own;
            // inside the document they must point at where the schema now is.
            Rebase(schema, location);
            return schema;
        }

        private static void Rebase(JsonNode? node, string location)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["$ref"] is JsonValue reference && reference.TryGetValue(out string? target) && target.StartsWith('#'))
                    {
                        obj["$ref"] = location + target[1..];
                    }

                    foreach (KeyValuePair<string, JsonNode?> property in obj.ToArray()) Rebase(property.Value, location);
                    break;
                case JsonArray array:
                    foreach (JsonNode? item in array) Rebase(item, location);
                    break;
            }
        }

        private static JsonObject Reference(string target) => new() { ["$ref"] = target };
    }
}
