using System.Text;
using System.Text.Json;

namespace TypedAmqp.Messaging;

/// <summary>
/// Writes a <see cref="TopologyDescription"/> as a RabbitMQ definitions file, the JSON that
/// <c>rabbitmqctl import_definitions</c>, the management UI and <c>load_definitions</c> take, so operations can
/// create the topology before the services start.
/// </summary>
/// <remarks>
/// Server-named and exclusive queues (and their bindings) are left out: they belong to one connection, so only
/// the service itself can declare them.
/// </remarks>
public static class RabbitMqDefinitions
{
    /// <summary>The definitions of <paramref name="topology"/> for virtual host <paramref name="virtualHost"/>, indented JSON.</summary>
    public static string Write(TopologyDescription topology, string virtualHost = "/")
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(virtualHost);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("exchanges");
            foreach (ExchangeDeclaration exchange in topology.Exchanges)
            {
                json.WriteStartObject();
                json.WriteString("name", exchange.Name);
                json.WriteString("vhost", virtualHost);
                json.WriteString("type", exchange.Type);
                json.WriteBoolean("durable", exchange.Durable);
                json.WriteBoolean("auto_delete", exchange.AutoDelete);
                json.WriteBoolean("internal", exchange.Internal);
                WriteArguments(json, exchange.Arguments);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            var exported = new HashSet<string>(StringComparer.Ordinal);
            json.WriteStartArray("queues");
            foreach (QueueDeclaration queue in topology.Queues)
            {
                if (queue.Name.Length == 0 || queue.Exclusive) continue;
                exported.Add(queue.Name);
                json.WriteStartObject();
                json.WriteString("name", queue.Name);
                json.WriteString("vhost", virtualHost);
                json.WriteBoolean("durable", queue.Durable);
                json.WriteBoolean("auto_delete", queue.AutoDelete);
                WriteArguments(json, queue.Arguments);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("bindings");
            foreach (BindingDeclaration binding in topology.Bindings)
            {
                if (!binding.DestinationIsExchange && !exported.Contains(binding.Destination)) continue;
                json.WriteStartObject();
                json.WriteString("source", binding.Source);
                json.WriteString("vhost", virtualHost);
                json.WriteString("destination", binding.Destination);
                json.WriteString("destination_type", binding.DestinationIsExchange ? "exchange" : "queue");
                json.WriteString("routing_key", binding.RoutingKey);
                WriteArguments(json, binding.Arguments);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteArguments(Utf8JsonWriter json, IReadOnlyDictionary<string, object?>? arguments)
    {
        json.WriteStartObject("arguments");
        foreach ((string name, object? value) in arguments ?? new Dictionary<string, object?>())
        {
            switch (value)
            {
                case null: json.WriteNull(name); break;
                case string text: json.WriteString(name, text); break;
                case bool flag: json.WriteBoolean(name, flag); break;
                case int number: json.WriteNumber(name, number); break;
                case long number: json.WriteNumber(name, number); break;
                case short number: json.WriteNumber(name, number); break;
                case byte number: json.WriteNumber(name, number); break;
                case double number: json.WriteNumber(name, number); break;
                case float number: json.WriteNumber(name, number); break;
                case decimal number: json.WriteNumber(name, number); break;
                default: throw new ArgumentException($"Argument '{name}' holds a {value.GetType().Name}, which a definitions file cannot express.", nameof(arguments));
            }
        }

        json.WriteEndObject();
    }
}
