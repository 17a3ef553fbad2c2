using TypedAmqp.Retry;
using TypedAmqp.Messaging;

namespace TypedAmqp.Tests.Messaging;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(1);

    [Fact]
    public void The_first_attempt_is_made_at_once()
    {
        Assert.Equal(TimeSpan.Zero, ReconnectBackoff.Before(1, Initial, Max, random: 1));
    }

    [Fact]
    public void Later_attempts_wait_exponentially_longer_up_to_the_cap()
    {
        TimeSpan[] waits = Enumerable.Range(2, 8).Select(a => ReconnectBackoff.Before(a, Initial, Max, random: 1)).ToArray();
        Assert.Equal([100, 200, 400, 800, 1000, 1000, 1000, 1000], waits.Select(w => (int)w.TotalMilliseconds));
    }

    [Fact]
    public void Jitter_shortens_a_wait_to_no_less_than_half_and_never_beyond_the_cap()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(50), ReconnectBackoff.Before(2, Initial, Max, random: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(500), ReconnectBackoff.Before(40, Initial, Max, random: 0));
        Assert.True(ReconnectBackoff.Before(1000, Initial, Max, random: 1) <= Max);
    }
}
