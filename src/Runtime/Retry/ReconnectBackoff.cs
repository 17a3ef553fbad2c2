namespace TypedAmqp.Retry;

/// <summary>
/// How long a reconnect loop waits before each attempt: the first at once, then from the initial delay doubling to the
/// cap, each wait jittered down to half so that many clients losing one broker do not reconnect in step. Shared by
/// both transports' recovery and the AMQP 1.0 client's reconnect.
/// </summary>
internal static class ReconnectBackoff
{
    /// <summary>The wait before attempt <paramref name="attempt"/> (1 for the first), with <paramref name="random"/> in [0, 1) as the jitter.</summary>
    public static TimeSpan Before(int attempt, TimeSpan initial, TimeSpan max, double random)
    {
        if (attempt <= 1) return TimeSpan.Zero;
        double grown = initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 2, 30));
        double capped = Math.Min(grown, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * random)));
    }

    /// <summary>The wait before attempt <paramref name="attempt"/>, with fresh jitter.</summary>
    public static TimeSpan Before(int attempt, TimeSpan initial, TimeSpan max) => Before(attempt, initial, max, Random.Shared.NextDouble());
}
