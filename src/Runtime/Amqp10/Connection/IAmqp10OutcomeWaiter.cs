namespace TypedAmqp.Amqp10;

/// <summary>
/// Whoever awaits an unsettled delivery's outcome through <see cref="Amqp10PendingOutcome.AwaitAs"/>: it turns a wait
/// that ended without an outcome into the exception its caller sees, and takes back what the wait used (a send
/// timer). Called by the outcome as it is read, so no state machine stays suspended for the outcome.
/// </summary>
internal interface IAmqp10OutcomeWaiter
{
    /// <summary>The exception to throw for <paramref name="failure"/>, or null to throw it as it is.</summary>
    Exception? OutcomeFailed(Exception failure, Amqp10SenderLink link, CancellationTokenSource? timer, CancellationToken callerToken);

    /// <summary>The outcome was read (or its failure thrown): what the wait used can be reused.</summary>
    void OutcomeRead(CancellationTokenSource? timer, CancellationToken callerToken);
}
