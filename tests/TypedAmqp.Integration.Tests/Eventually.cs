using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace TypedAmqp.Integration;

/// <summary>Polls a condition that a broker or a background task makes true, within a bound.</summary>
internal static class Eventually
{
    /// <summary>Whether <paramref name="condition"/> held within <paramref name="timeout"/> (checked every 20 ms).</summary>
    public static async Task<bool> HoldsAsync(Func<bool> condition, TimeSpan timeout)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < timeout; await Task.Delay(20))
        {
            if (condition()) return true;
        }

        return condition();
    }

    /// <summary>
    /// Fails the test, naming <paramref name="what"/> (by default the condition's own text), unless
    /// <paramref name="condition"/> holds within <paramref name="timeout"/>.
    /// </summary>
    public static async Task AssertAsync(Func<bool> condition, TimeSpan timeout, [CallerArgumentExpression(nameof(condition))] string what = "")
    {
        Assert.True(await HoldsAsync(condition, timeout), $"{what}: not within {timeout.TotalSeconds} s");
    }
}
