namespace TypedAmqp.Hosting;

/// <summary>
/// How long the host waits before each reconnection attempt: the first at once, then from
/// <see cref="TypedAmqpOptions.RecoveryInitialDelay"/> doubling to <see cref="TypedAmqpOptions.RecoveryMaxDelay"/>,
/// each wait jittered down to half so that many clients losing one broker do not reconnect in step.
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
}
