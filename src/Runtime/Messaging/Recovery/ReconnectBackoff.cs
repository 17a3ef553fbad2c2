namespace TypedAmqp.Messaging;

/// <summary>
/// How long recovery waits before each reconnection attempt: the first at once, then from
/// <see cref="RecoveryOptions.InitialDelay"/> doubling to <see cref="RecoveryOptions.MaxDelay"/>, each wait jittered
/// down to half so that many clients losing one broker do not reconnect in step.
/// </summary>
internal static class ReconnectBackoff
{
    /// <summary>The wait before attempt <paramref name="attempt"/> (1 for the first).</summary>
    public static TimeSpan Before(int attempt, TimeSpan initial, TimeSpan max, double random)
    {
        if (attempt <= 1) return TimeSpan.Zero;
        double grown = initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 2, 30));
        double capped = Math.Min(grown, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * random)));
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> under <paramref name="options"/>, with fresh jitter.</summary>
    public static TimeSpan Before(int attempt, RecoveryOptions options) =>
        Before(attempt, options.InitialDelay, options.MaxDelay, Random.Shared.NextDouble());
}
