namespace TypedAmqp.Messaging;

/// <summary>A queue as data: what queue.declare sends. An empty name asks the broker to generate one.</summary>
/// <param name="Name">The queue name, or "" for a server-named queue.</param>
/// <param name="Durable">Survives a broker restart.</param>
/// <param name="Exclusive">Used only by the declaring connection.</param>
/// <param name="AutoDelete">Deleted when its last consumer goes.</param>
/// <param name="Arguments">x-queue-type, x-dead-letter-exchange, x-message-ttl... ; null for none.</param>
/// <param name="Key">
/// What bindings and consumers call a server-named queue before the broker has named it (each declaration gets a
/// new name); null for a named queue, which they call by its name.
/// </param>
public sealed record QueueDeclaration(
    string Name, bool Durable = true, bool Exclusive = false, bool AutoDelete = false, IReadOnlyDictionary<string, object?>? Arguments = null, string? Key = null)
{
    /// <summary>How bindings and consumers refer to this queue: <see cref="Key"/> for a server-named queue, else <see cref="Name"/>.</summary>
    public string Reference => Key ?? Name;
}
