namespace TypedAmqp.Amqp10;

/// <summary>A received message and what its receiver needs to settle it.</summary>
internal sealed class Amqp10Delivery
{
    internal Amqp10Delivery(Amqp10Message message, uint deliveryId, bool settled)
    {
        Message = message;
        DeliveryId = deliveryId;
        Settled = settled;
    }

    public Amqp10Message Message { get; }

    /// <summary>The session's id for the delivery, which dispositions name.</summary>
    public uint DeliveryId { get; }

    /// <summary>Whether the sender sent it settled: nothing is left to settle.</summary>
    public bool Settled { get; }
}
