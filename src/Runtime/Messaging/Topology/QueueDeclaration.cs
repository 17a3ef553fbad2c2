namespace TypedAmqp.Messaging;

/// <summary>A queue as data: what queue.declare sends. An empty name asks the broker to generate one.</summary>
/// <param name="Name">The queue name, or "" for a server-named queue.</param>
/// <param name="Durable">Survives a broker restart.</param>
/// <param name="Exclusive">Used only by the declaring connection.</param>
/// <param name="AutoDelete">Deleted when its last consumer goes.</param>
/// <param name="Arguments">x-queue-type, x-dead-letter-exchange, x-message-ttl... ; null for none.</param>
public sealed record QueueDeclaration(
    string Name, bool Durable = true, bool Exclusive = false, bool AutoDelete = false, IReadOnlyDictionary<string, object?>? Arguments = null);
