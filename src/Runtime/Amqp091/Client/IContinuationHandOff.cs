namespace TypedAmqp.Amqp091;

/// <summary>A completion that <see cref="ContinuationThread"/> can finish, running its continuation inline there.</summary>
internal interface IContinuationHandOff
{
    /// <summary>Sets the outcome stored before the hand-off; the continuation runs inline on this (the continuation) thread.</summary>
    void CompleteOnContinuationThread();
}
