namespace TypedAmqp.Messaging;

/// <summary>
/// What a dispatcher does when a handler throws: retry in process with exponential back-off, then requeue or
/// dead-letter; and when to give up on a message the broker keeps redelivering (poison protection).
/// </summary>
public sealed class DispatchPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="requeueOnFailure">After the retries, requeue the message (true) or reject it to the dead-letter exchange (false).</param>
    /// <param name="retries">In-process retries after the first failure.</param>
    /// <param name="retryDelay">Delay before the first retry; each further retry doubles it.</param>
    /// <param name="maxDeliveryCount">
    /// When the message's <see cref="ReceivedMessage.DeliveryCount"/> (the broker's count of earlier failed deliveries:
    /// AMQP 1.0's delivery-count, RabbitMQ quorum queues' x-delivery-count) reaches this, the message is rejected without
    /// requeue before the handler runs; 0 disables the check.
    /// </param>
    /// <param name="deadLetterExchange">The queue's dead-letter exchange; when set, messages that cannot be read are republished there with the reason in headers.</param>
    /// <param name="deadLetterRoutingKey">The queue's dead-letter routing key, or null to keep the original one.</param>
    public DispatchPolicy(
        bool requeueOnFailure = false, int retries = 0, TimeSpan? retryDelay = null, int maxDeliveryCount = 0, string? deadLetterExchange = null, string? deadLetterRoutingKey = null)
    {
        DeadLetterExchange = deadLetterExchange;
        DeadLetterRoutingKey = deadLetterRoutingKey;
        ArgumentOutOfRangeException.ThrowIfNegative(retries);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDeliveryCount);
        RequeueOnFailure = requeueOnFailure;
        Retries = retries;
        RetryDelay = retryDelay ?? TimeSpan.FromMilliseconds(100);
        MaxDeliveryCount = maxDeliveryCount;
    }

    /// <summary>The default: no retries, dead-letter on failure.</summary>
    public static DispatchPolicy Default { get; } = new();

    /// <summary>Requeue (true) or dead-letter (false) after the retries.</summary>
    public bool RequeueOnFailure { get; }

    /// <summary>In-process retries after the first failure.</summary>
    public int Retries { get; }

    /// <summary>Delay before the first retry; doubled for each further one.</summary>
    public TimeSpan RetryDelay { get; }

    /// <summary>The queue's dead-letter exchange, or null.</summary>
    public string? DeadLetterExchange { get; }

    /// <summary>The queue's dead-letter routing key, or null to keep the message's own.</summary>
    public string? DeadLetterRoutingKey { get; }

    /// <summary>Reject messages whose <see cref="ReceivedMessage.DeliveryCount"/> is this or more; 0 for no limit.</summary>
    public int MaxDeliveryCount { get; }
}
