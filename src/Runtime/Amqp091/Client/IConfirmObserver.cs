namespace TypedAmqp.Amqp091;

/// <summary>
/// Receives the outcome of a publish in confirm mode directly, on the thread that settles it (usually the
/// connection's read loop), instead of through an awaited ValueTask. Used by the typed publisher so that keeping many
/// publishes in flight needs no thread-pool work item per confirm. Implementations must return quickly and never block.
/// </summary>
internal interface IConfirmObserver
{
    /// <summary>The publish was confirmed (<paramref name="failure"/> is null), or failed: nacked, returned, cancelled or its channel closed.</summary>
    void OnConfirmOutcome(Exception? failure);

    /// <summary>
    /// The publish waited for room among the channel's unconfirmed publishes and was refused before any frame of it
    /// was written: its wait was cancelled, the channel closed, or the write failed. Unlike a failure after writing,
    /// the broker surely does not have it. By default the same as <see cref="OnConfirmOutcome"/>.
    /// </summary>
    void OnNotPublished(Exception reason) => OnConfirmOutcome(reason);
}
