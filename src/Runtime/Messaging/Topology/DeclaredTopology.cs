namespace TypedAmqp.Messaging;

/// <summary>
/// What declaring a <see cref="TopologyDescription"/> produced: the broker's name for each queue, so bindings and
/// consumers of a server-named queue reach the queue the broker created this time.
/// </summary>
public sealed class DeclaredTopology
{
    private readonly Dictionary<string, string> _queueNames;

    internal DeclaredTopology(Dictionary<string, string> queueNames)
    {
        _queueNames = queueNames;
    }

    /// <summary>Nothing declared: every reference is taken as the queue's name.</summary>
    public static DeclaredTopology None { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Whether <paramref name="reference"/> (a queue name, or a server-named queue's key) was declared here.</summary>
    public bool Contains(string reference) => _queueNames.ContainsKey(reference);

    /// <summary>
    /// The broker's name of the queue that <paramref name="reference"/> refers to: a server-named queue's current
    /// name, or the name itself for a named queue or one declared elsewhere.
    /// </summary>
    public string QueueName(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (_queueNames.TryGetValue(reference, out string? name)) return name;
        if (reference.StartsWith(TopologyDescription.ServerNamedPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The server-named queue {reference} has not been declared on this connection; declare the topology first and use the DeclaredTopology it returns.");
        }

        return reference;
    }
}
