
namespace TypedAmqp.Messaging;

/// <summary>How <see cref="Amqp091.RecoveringMessaging"/> reconnects after losing its connection, and what happens to work in flight.</summary>
public sealed class RecoveryOptions
{
    /// <summary>
    /// Delay before the second reconnection attempt (the first is made at once), doubled after each failure up to
    /// <see cref="MaxDelay"/>; each delay is jittered down to as little as half. Default 100 ms.
    /// </summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between reconnection attempts (and between attempts to start a consumer again). Default 500 ms.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a publish waits for a recovered connection when it is made while the connection is down (or is being
    /// sent again, see <see cref="ResendUnconfirmedPublishes"/>). Zero fails such publishes at once with the close
    /// reason. Default 30 s.
    /// </summary>
    public TimeSpan PublishWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What happens to a publish that was sent but not yet confirmed when the connection was lost. False (the default):
    /// it fails with <see cref="PublishOutcomeUnknownException"/>, since the broker may or may not have taken it.
    /// True: it is sent again on the recovered connection with the same message id, so consumers can drop the
    /// duplicate (at least once). Needs publisher confirms.
    /// </summary>
    public bool ResendUnconfirmedPublishes { get; init; }

    /// <summary>
    /// How long one step of recovery may take before it counts as failed and is retried: declaring the recorded
    /// topology on a new connection, or starting one consumer again (a quorum queue without an elected leader can
    /// leave basic.consume unanswered). Default 10 s.
    /// </summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before reconnection attempt <paramref name="attempt"/> (1 for the first, which is made at once), with fresh jitter.</summary>
    internal TimeSpan DelayBefore(int attempt) => Retry.ReconnectBackoff.Before(attempt, InitialDelay, MaxDelay);

    /// <summary>The problems with these settings, empty when there are none.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (InitialDelay <= TimeSpan.Zero) problems.Add($"{nameof(InitialDelay)} must be more than zero.");
        if (MaxDelay < InitialDelay) problems.Add($"{nameof(MaxDelay)} must be at least {nameof(InitialDelay)}.");
        if (PublishWait < TimeSpan.Zero) problems.Add($"{nameof(PublishWait)} must not be negative.");
        if (StepTimeout <= TimeSpan.Zero) problems.Add($"{nameof(StepTimeout)} must be more than zero.");
        return problems;
    }
}
