namespace TypedAmqp.Tool.Drift;

/// <summary>How the broker departs from the contracts.</summary>
internal enum DriftKind
{
    /// <summary>The contracts declare it; the broker does not have it.</summary>
    Missing,

    /// <summary>The broker has it with other settings: declaring the contracts would be refused (406), or the binding differs.</summary>
    Conflicting,
}

/// <summary>One exchange, queue or binding that differs, with what differs ("durable: contracts true, broker false").</summary>
internal sealed record DriftItem(DriftKind Kind, string Entity, string Name, IReadOnlyList<string> Differences)
{
    /// <summary>One line: "missing queue shop.fulfilment", "conflicting queue shop.fulfilment: x-delivery-limit: contracts 5, broker 7".</summary>
    public override string ToString() =>
        (Kind == DriftKind.Missing ? "missing " : "conflicting ") + Entity + " " + Name + (Differences.Count == 0 ? string.Empty : ": " + string.Join("; ", Differences));
}
