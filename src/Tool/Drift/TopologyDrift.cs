using TypedAmqp.Messaging;

namespace TypedAmqp.Tool.Drift;

/// <summary>
/// Compares contracts with what a broker holds: every exchange, queue and binding the contracts declare must be there
/// with the same settings and arguments. What the broker has beyond that (other applications' topology) is not drift.
/// </summary>
/// <remarks>
/// Server-named and exclusive queues, and bindings to them, are left out: they live only as long as the service
/// connection that declares them, so a broker without them is not out of date. A pure function, so it is tested on
/// definitions JSON without a broker.
/// </remarks>
internal static class TopologyDrift
{
    public static IReadOnlyList<DriftItem> Compare(TopologyDescription contracts, BrokerDefinitions broker)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        ArgumentNullException.ThrowIfNull(broker);
        var drift = new List<DriftItem>();
        Dictionary<string, BrokerExchange> exchanges = broker.Exchanges.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (ExchangeDeclaration exchange in contracts.Exchanges)
        {
            if (!exchanges.TryGetValue(exchange.Name, out BrokerExchange? actual))
            {
                drift.Add(new DriftItem(DriftKind.Missing, "exchange", exchange.Name, []));
                continue;
            }

            var differences = new List<string>();
            Differ(differences, "type", exchange.Type, actual.Type);
            Differ(differences, "durable", exchange.Durable, actual.Durable);
            Differ(differences, "auto-delete", exchange.AutoDelete, actual.AutoDelete);
            Differ(differences, "internal", exchange.Internal, actual.Internal);
            ArgumentDifferences(differences, Canonical(exchange.Arguments), actual.Arguments);
            if (differences.Count > 0) drift.Add(new DriftItem(DriftKind.Conflicting, "exchange", exchange.Name, differences));
        }

        var checkedQueues = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, BrokerQueue> queues = broker.Queues.GroupBy(q => q.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (QueueDeclaration queue in contracts.Queues)
        {
            if (queue.Name.Length == 0 || queue.Exclusive) continue;
            checkedQueues.Add(queue.Name);
            if (!queues.TryGetValue(queue.Name, out BrokerQueue? actual))
            {
                drift.Add(new DriftItem(DriftKind.Missing, "queue", queue.Name, []));
                continue;
            }

            var differences = new List<string>();
            Differ(differences, "durable", queue.Durable, actual.Durable);
            Differ(differences, "exclusive", queue.Exclusive, actual.Exclusive);
            Differ(differences, "auto-delete", queue.AutoDelete, actual.AutoDelete);
            ArgumentDifferences(differences, WithoutDefaultQueueType(Canonical(queue.Arguments)), WithoutDefaultQueueType(actual.Arguments));
            if (differences.Count > 0) drift.Add(new DriftItem(DriftKind.Conflicting, "queue", queue.Name, differences));
        }

        foreach (BindingDeclaration binding in contracts.Bindings)
        {
            if (!binding.DestinationIsExchange && !checkedQueues.Contains(binding.Destination)) continue;
            // RabbitMQ tells bindings apart by all four: a binding with other arguments is another binding.
            BrokerBinding[] candidates = broker.Bindings
                .Where(b => b.Source == binding.Source && b.Destination == binding.Destination && b.DestinationIsExchange == binding.DestinationIsExchange && b.RoutingKey == binding.RoutingKey)
                .ToArray();
            Dictionary<string, string> expected = Canonical(binding.Arguments);
            if (candidates.Any(b => SameArguments(expected, b.Arguments))) continue;
            string name = $"{binding.Source} -> {(binding.DestinationIsExchange ? "exchange " : string.Empty)}{binding.Destination} (key \"{binding.RoutingKey}\")";
            if (candidates.Length == 0)
            {
                drift.Add(new DriftItem(DriftKind.Missing, "binding", name, []));
                continue;
            }

            var differences = new List<string>();
            ArgumentDifferences(differences, expected, candidates[0].Arguments);
            drift.Add(new DriftItem(DriftKind.Conflicting, "binding", name, differences));
        }

        return drift;
    }

    private static void Differ<T>(List<string> differences, string setting, T contracts, T broker)
    {
        if (!EqualityComparer<T>.Default.Equals(contracts, broker)) differences.Add($"{setting}: contracts {Show(contracts)}, broker {Show(broker)}");
    }

    private static string Show<T>(T value) => value is bool flag ? (flag ? "true" : "false") : value?.ToString() ?? "null";

    private static void ArgumentDifferences(List<string> differences, IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> broker)
    {
        foreach (string name in expected.Keys.Union(broker.Keys).Order(StringComparer.Ordinal))
        {
            string? want = expected.GetValueOrDefault(name);
            string? have = broker.GetValueOrDefault(name);
            if (want != have) differences.Add($"argument {name}: contracts {want ?? "(none)"}, broker {have ?? "(none)"}");
        }
    }

    // A queue declared with x-queue-type "classic" is the queue RabbitMQ declares without one: the same queue, which
    // the contracts' declaration (no x-queue-type for a classic queue) is not refused against.
    private static IReadOnlyDictionary<string, string> WithoutDefaultQueueType(IReadOnlyDictionary<string, string> arguments) =>
        arguments.TryGetValue("x-queue-type", out string? type) && type == ArgumentText.Of("classic")
            ? arguments.Where(a => a.Key != "x-queue-type").ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal)
            : arguments;

    private static Dictionary<string, string> Canonical(IReadOnlyDictionary<string, object?>? arguments) =>
        (arguments ?? new Dictionary<string, object?>()).ToDictionary(a => a.Key, a => ArgumentText.Of(a.Value), StringComparer.Ordinal);

    private static bool SameArguments(Dictionary<string, string> expected, IReadOnlyDictionary<string, string> actual) =>
        expected.Count == actual.Count && expected.All(a => actual.TryGetValue(a.Key, out string? value) && value == a.Value);
}
