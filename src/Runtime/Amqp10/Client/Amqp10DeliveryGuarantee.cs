namespace TypedAmqp.Amqp10;

/// <summary>How a sender or receiver settles its deliveries: the two presets of AMQP 1.0's settle modes.</summary>
public enum Amqp10DeliveryGuarantee
{
    /// <summary>
    /// Every delivery is sent unsettled and counts only once the receiver settles it with an outcome (accepted,
    /// rejected, released, modified). A message may arrive twice after a failure, never silently go missing.
    /// </summary>
    AtLeastOnce,

    /// <summary>
    /// Every delivery is sent settled (snd-settle-mode <c>settled</c>): no outcome comes back, nothing is resent, and a
    /// message lost on the way is lost. A receiver with this guarantee has nothing to settle.
    /// </summary>
    AtMostOnce,
}
