namespace TypedAmqp.Messaging;

/// <summary>What to do with a topology at start-up.</summary>
public enum TopologyMode
{
    /// <summary>Declare exchanges, queues and bindings (idempotent when they already match).</summary>
    Declare,
    /// <summary>Only check that exchanges and queues exist (passive declares), for brokers whose topology is managed elsewhere.</summary>
    Verify,
    /// <summary>Do nothing.</summary>
    Skip,
}
