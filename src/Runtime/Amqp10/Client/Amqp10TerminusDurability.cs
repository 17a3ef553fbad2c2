namespace TypedAmqp.Amqp10;

/// <summary>What of a terminus the peer keeps while the link is detached (terminus-durability, part 3 section 3.5.5).</summary>
public enum Amqp10TerminusDurability
{
    /// <summary>Nothing (the spec's default): the terminus goes with the link.</summary>
    None = 0,

    /// <summary>The terminus's configuration (address, filters...): a durable subscription re-attached by name finds it.</summary>
    Configuration = 1,

    /// <summary>The configuration and the unsettled state of its deliveries.</summary>
    UnsettledState = 2,
}
