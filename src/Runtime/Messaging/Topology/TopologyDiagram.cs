using System.Text;

namespace TypedAmqp.Messaging;

/// <summary>Draws a <see cref="TopologyDescription"/> as a Mermaid flowchart: exchanges → bindings → queues → consumers, for a Markdown page.</summary>
public static class TopologyDiagram
{
    /// <summary>
    /// The flowchart, without the surrounding <c>```mermaid</c> fence: exchanges as rounded boxes with their type,
    /// queues as cylinders, each binding an arrow labelled with its key (or its header match), and each consumer
    /// (<paramref name="consumers"/>: queue reference → consumer name, as the generator knows them) a hexagon.
    /// </summary>
    public static string ToMermaid(TopologyDescription topology, IEnumerable<KeyValuePair<string, string>>? consumers = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string Id(string kind, string name)
        {
            string key = kind + ":" + name;
            if (!ids.TryGetValue(key, out string? id)) ids[key] = id = kind[0] + ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return id;
        }

        var text = new StringBuilder("flowchart LR\n");
        foreach (ExchangeDeclaration exchange in topology.Exchanges)
        {
            text.Append("    ").Append(Id("exchange", exchange.Name)).Append("([\"").Append(Label(exchange.Name)).Append("<br/><i>").Append(Label(exchange.Type)).Append("</i>\"])\n");
        }

        foreach (QueueDeclaration queue in topology.Queues)
        {
            string name = queue.Name.Length == 0 ? "(server-named)" : queue.Name;
            text.Append("    ").Append(Id("queue", queue.Reference)).Append("[(\"").Append(Label(name)).Append("\")]\n");
        }

        foreach (BindingDeclaration binding in topology.Bindings)
        {
            string label = binding.Arguments is { Count: > 0 } arguments
                ? string.Join(", ", arguments.Select(a => $"{a.Key}={a.Value}"))
                : binding.RoutingKey;
            string destination = binding.DestinationIsExchange ? Id("exchange", binding.Destination) : Id("queue", binding.Destination);
            text.Append("    ").Append(Id("exchange", binding.Source));
            text.Append(label.Length == 0 ? " --> " : " -->|\"" + Label(label) + "\"| ").Append(destination).Append('\n');
        }

        foreach ((string queue, string consumer) in consumers ?? [])
        {
            text.Append("    ").Append(Id("consumer", consumer)).Append("{{\"").Append(Label(consumer)).Append("\"}}\n");
            text.Append("    ").Append(Id("queue", queue)).Append(" --> ").Append(Id("consumer", consumer)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Text inside a Mermaid label: quotes and angle brackets as entities.</summary>
    private static string Label(string text) => text.Replace("\"", "#quot;").Replace("<", "#lt;").Replace(">", "#gt;");
}
