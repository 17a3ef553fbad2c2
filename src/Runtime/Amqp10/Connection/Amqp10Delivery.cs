namespace TypedAmqp.Amqp10;

/// <summary>
/// A received message and what its receiver needs to settle it. Settle it on the receiver that received it (accept,
/// reject, release or modify), once.
/// </summary>
public sealed class Amqp10Delivery
{
    private int _settling;

    internal Amqp10Delivery(Amqp10Message message, uint deliveryId, bool settled)
    {
        Message = message;
        DeliveryId = deliveryId;
        Settled = settled;
    }

    /// <summary>The link that received it: a delivery id means something only on its own session.</summary>
    internal Amqp10ReceiverLink? Link { get; init; }

    /// <summary>True the first time, false after: a delivery is settled once.</summary>
    internal bool TryStartSettling() => Interlocked.Exchange(ref _settling, 1) == 0;

    /// <summary>The message as it arrived.</summary>
    public Amqp10Message Message { get; }

    /// <summary>The session's id for the delivery, which dispositions name.</summary>
    public uint DeliveryId { get; }

    /// <summary>Whether the sender sent it settled: nothing is left to settle.</summary>
    public bool Settled { get; }
}
