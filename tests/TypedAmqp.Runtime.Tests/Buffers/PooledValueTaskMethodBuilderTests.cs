using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using TypedAmqp.Buffers;

namespace TypedAmqp.Tests.Buffers;

/// <summary>
/// The pooled async method builder: results, failures and cancellations as the runtime's builders give them, the
/// execution context flowing in and not leaking out, and no allocation once warm with many suspended at once.
/// </summary>
public sealed class PooledValueTaskMethodBuilderTests
{
    private static readonly AsyncLocal<string?> Ambient = new();

    /// <summary>
    /// A value-task source completed by the test, so methods suspend until it says; the continuation runs inline, inside
    /// <see cref="Open"/>, on the test's thread and in the test's context (so allocates nothing itself).
    /// </summary>
    private sealed class Gate : IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _core;

        public ValueTask<int> WaitAsync() => new(this, _core.Version);

        public void Open(int value) => _core.SetResult(value);

        public void Fail(Exception error) => _core.SetException(error);

        public int GetResult(short token)
        {
            int result = _core.GetResult(token);
            _core.Reset();
            return result;
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<int> AddAfterAsync(ValueTask<int> wait, int add) => await wait.ConfigureAwait(false) + add;

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ThrowAsync(Exception error, ValueTask<int>? before = null)
    {
        if (before is { } wait) await wait.ConfigureAwait(false);
        throw error;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    private static async ValueTask SetAmbientThenWaitAsync(string value, Gate gate, List<string?> seen)
    {
        Ambient.Value = value;
        await gate.WaitAsync().ConfigureAwait(false);
        seen.Add(Ambient.Value);
    }

    [Fact]
    public async Task A_method_that_does_not_suspend_returns_its_result_and_one_that_suspends_returns_its_own()
    {
        Assert.Equal(5, await AddAfterAsync(new ValueTask<int>(2), 3));

        var gate = new Gate();
        ValueTask<int> suspended = AddAfterAsync(gate.WaitAsync(), 10);
        Assert.False(suspended.IsCompleted);
        gate.Open(32);
        Assert.Equal(42, await suspended);
    }

    [Fact]
    public async Task Failures_keep_their_exception_and_a_cancellation_stays_a_cancellation_with_or_without_suspending()
    {
        var boom = new InvalidOperationException("boom");
        Assert.Same(boom, await Assert.ThrowsAsync<InvalidOperationException>(() => ThrowAsync(boom).AsTask()));
        var gate = new Gate();
        Task<int> afterWait = ThrowAsync(boom, gate.WaitAsync()).AsTask();
        gate.Open(0);
        Assert.Same(boom, await Assert.ThrowsAsync<InvalidOperationException>(() => afterWait));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var stop = new OperationCanceledException(cancelled.Token);
        Task<int> atOnce = ThrowAsync(stop).AsTask();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => atOnce);
        Assert.True(atOnce.IsCanceled);
        var second = new Gate();
        Task<int> later = ThrowAsync(stop, second.WaitAsync()).AsTask();
        second.Open(0);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => later);
        Assert.True(later.IsCanceled);

        // A failure of what the method awaited is its own failure.
        var failing = new Gate();
        Task<int> passedOn = AddAfterAsync(failing.WaitAsync(), 1).AsTask();
        failing.Fail(boom);
        Assert.Same(boom, await Assert.ThrowsAsync<InvalidOperationException>(() => passedOn));
    }

    [Fact]
    public async Task The_caller_s_execution_context_flows_into_the_method_and_what_the_method_sets_does_not_leak_out()
    {
        Ambient.Value = "caller";
        var gate = new Gate();
        var seen = new List<string?>();
        ValueTask running = SetAmbientThenWaitAsync("inside", gate, seen);
        Assert.Equal("caller", Ambient.Value); // the method's change stayed inside it when it suspended
        gate.Open(0);
        await running;
        Assert.Equal(["inside"], seen); // it resumed in its own context, though inside Open, in the caller's
        Assert.Equal("caller", Ambient.Value);

        var flows = new Gate();
        Task<string?> observed = ObserveAmbientAfterAsync(flows.WaitAsync()).AsTask();
        flows.Open(0);
        Assert.Equal("caller", await observed);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<string?> ObserveAmbientAfterAsync(ValueTask<int> wait)
    {
        await wait.ConfigureAwait(false);
        return Ambient.Value;
    }

    [Fact]
    public async Task A_result_read_twice_throws_rather_than_handing_out_another_method_s_result()
    {
        var gate = new Gate();
        ValueTask<int> once = AddAfterAsync(gate.WaitAsync(), 1);
        gate.Open(1);
        Assert.Equal(2, await once);
        Assert.Throws<InvalidOperationException>(() => once.GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Five_hundred_methods_suspended_at_once_allocate_nothing_once_warm()
    {
        const int AtOnce = 500;
        var gates = new Gate[AtOnce];
        for (int i = 0; i < AtOnce; i++) gates[i] = new Gate();
        var pending = new ValueTask<int>[AtOnce];

        async Task<long> RoundAsync(int round)
        {
            for (int i = 0; i < AtOnce; i++) pending[i] = AddAfterAsync(gates[i].WaitAsync(), round);
            for (int i = 0; i < AtOnce; i++) gates[i].Open(i);
            long sum = 0;
            for (int i = 0; i < AtOnce; i++) sum += await pending[i];
            return sum;
        }

        // Everything runs inline on this thread (the gates resume their waiters inside Open), so this thread's count is the whole.
        for (int round = 0; round < 5; round++) await RoundAsync(round);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long total = 0;
        for (int round = 0; round < 20; round++) total += await RoundAsync(round);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        long expected = 0;
        for (int round = 0; round < 20; round++) expected += (AtOnce * (AtOnce - 1L) / 2) + ((long)AtOnce * round);
        Assert.Equal(expected, total);
        // Under a byte each (the test's own rounds allocate a little); the runtime's pooling builder allocates a box of
        // about a hundred bytes for nearly each of these, as it keeps one per core and one per thread.
        Assert.True(allocated < 20 * AtOnce, $"{allocated} bytes for {20 * AtOnce} suspended methods");
    }
}
