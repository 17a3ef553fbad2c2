using System.Text.Json;

namespace TypedAmqp.Tool.Drift;

/// <summary>An exchange as the broker has it.</summary>
internal sealed record BrokerExchange(string Name, string Type, bool Durable, bool AutoDelete, bool Internal, IReadOnlyDictionary<string, string> Arguments);

/// <summary>A queue as the broker has it.</summary>
internal sealed record BrokerQueue(string Name, bool Durable, bool Exclusive, bool AutoDelete, IReadOnlyDictionary<string, string> Arguments);

/// <summary>A binding as the broker has it.</summary>
internal sealed record BrokerBinding(string Source, string Destination, bool DestinationIsExchange, string RoutingKey, IReadOnlyDictionary<string, string> Arguments);

/// <summary>
/// What a broker holds in one virtual host, read from RabbitMQ's definitions JSON (the management API's
/// <c>GET /api/definitions/{vhost}</c>, or an exported file). Argument values are kept as canonical text
/// (<see cref="ArgumentText"/>) so they compare with the contracts' whatever their JSON or AMQP number type.
/// </summary>
internal sealed record BrokerDefinitions(IReadOnlyList<BrokerExchange> Exchanges, IReadOnlyList<BrokerQueue> Queues, IReadOnlyList<BrokerBinding> Bindings)
{
    /// <summary>Reads definitions JSON; throws <see cref="ToolException"/> when it is not definitions.</summary>
    public static BrokerDefinitions Parse(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            return new BrokerDefinitions(
                Items(root, "exchanges").Select(e => new BrokerExchange(
                    Text(e, "name"), Text(e, "type"), Flag(e, "durable"), Flag(e, "auto_delete"), Flag(e, "internal"), Arguments(e))).ToList(),
                Items(root, "queues").Select(q => new BrokerQueue(
                    Text(q, "name"), Flag(q, "durable"), Flag(q, "exclusive"), Flag(q, "auto_delete"), Arguments(q))).ToList(),
                Items(root, "bindings").Select(b => new BrokerBinding(
                    Text(b, "source"), Text(b, "destination"), Text(b, "destination_type") == "exchange", Text(b, "routing_key"), Arguments(b))).ToList());
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ToolException($"the broker's definitions could not be read: {exception.Message}", exception);
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

    private static string Text(JsonElement item, string name) => item.GetProperty(name).GetString() ?? string.Empty;

    // Definitions leave out what does not apply (exclusive, for one): absent is false.
    private static bool Flag(JsonElement item, string name) => item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.True;

    private static IReadOnlyDictionary<string, string> Arguments(JsonElement item)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.TryGetProperty("arguments", out JsonElement values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty argument in values.EnumerateObject()) arguments[argument.Name] = ArgumentText.Of(argument.Value);
        }

        return arguments;
    }
}
