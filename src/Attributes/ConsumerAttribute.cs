namespace TypedAmqp;

/// <summary>
/// Makes a <see cref="QueueAttribute"/> interface a consumer contract: one handler method per message type, taking
/// the message and optionally a <c>MessageContext</c> and a <c>CancellationToken</c>, returning <c>ValueTask</c> or <c>Task</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class ConsumerAttribute : Attribute
{
    /// <summary>Unacknowledged messages the broker sends ahead (basic.qos); default 16.</summary>
    public int Prefetch { get; set; } = 16;

    /// <summary>Handlers running at once; 1 keeps queue order.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>Whether a message whose handler threw (after its retries) goes back to the queue; by default it is dead-lettered.</summary>
    public bool RequeueOnFailure { get; set; }

    /// <summary>In-process retries of a failing handler before the message is requeued or dead-lettered; default 0.</summary>
    public int Retries { get; set; }

    /// <summary>Milliseconds before the first retry; each further retry waits twice as long. Default 100.</summary>
    public int RetryDelay { get; set; } = 100;

    /// <summary>Reject as poison, without requeue, a message the broker delivered this many times (x-delivery-count, quorum queues); 0 for no limit.</summary>
    public int MaxDeliveryCount { get; set; }
}
