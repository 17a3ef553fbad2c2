namespace TypedAmqp.Messaging;

/// <summary>Transport-neutral topology declaration: what generated code declares a contract's topology through.</summary>
public interface ITopologyDeclarer
{
    /// <summary>
    /// Declares (or, with <see cref="TopologyMode.Verify"/>, checks) <paramref name="topology"/>: exchanges, then queues,
    /// then bindings. Returns the names the broker gave server-named queues.
    /// </summary>
    ValueTask<DeclaredTopology> DeclareAsync(TopologyDescription topology, TopologyMode mode = TopologyMode.Declare, CancellationToken cancellationToken = default);
}
