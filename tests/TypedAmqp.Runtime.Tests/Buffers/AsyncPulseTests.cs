using TypedAmqp.Buffers;

namespace TypedAmqp.Tests.Buffers;

/// <summary>The pooled pulse: a registered wait ends at the next pulse, not before and not at a later registration's; a cancelled one throws.</summary>
public sealed class AsyncPulseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Waits_registered_before_a_pulse_end_at_it_and_a_wait_registered_after_waits_for_the_next()
    {
        var pulse = new AsyncPulse();
        Task first = pulse.Register().WaitAsync(CancellationToken.None).AsTask();
        Task second = pulse.Register().WaitAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(first.IsCompleted);

        // Registered before the pulse, awaited after it: still ends (the pulse cannot fall between the two).
        PooledWaiter late = pulse.Register();
        pulse.Pulse();
        Task after = pulse.Register().WaitAsync(CancellationToken.None).AsTask();
        await Task.WhenAll(first, second, late.WaitAsync(CancellationToken.None).AsTask()).WaitAsync(Timeout);
        await Task.Delay(50);
        Assert.False(after.IsCompleted);
        pulse.Pulse();
        await after.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_the_pulse_ends_the_others()
    {
        var pulse = new AsyncPulse();
        using var cancel = new CancellationTokenSource();
        Task cancelled = pulse.Register().WaitAsync(cancel.Token).AsTask();
        Task other = pulse.Register().WaitAsync(CancellationToken.None).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        Assert.False(other.IsCompleted);
        pulse.Pulse();
        await other.WaitAsync(Timeout);

        // A token already cancelled ends the wait at once.
        Assert.True(pulse.Register().WaitAsync(cancel.Token).IsCanceled);
    }
}
