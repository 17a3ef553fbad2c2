using System.Threading.Tasks.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Buffers;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

/// <summary>
/// Where the continuation of an awaited confirm or reply runs: on the connection's continuation thread when it is
/// free, else on the thread pool, and never on the thread that completes it (the reader thread in real use).
/// </summary>
public sealed class ContinuationThreadTests
{
    private const string ContinuationThreadName = "TypedAmqp continuations";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A value-task source built on <see cref="HandOffCompletionCore{TResult}"/>, as the runtime's are.</summary>
    internal sealed class Completion(ContinuationThread continuations) : IValueTaskSource<int>, IThreadPoolWorkItem
    {
        private HandOffCompletionCore<int> _core;

        public ValueTask<int> Result => new(this, _core.Version);

        public bool IsAwaited => _core.IsAwaited;

        public void Complete(int result) => _core.Complete(result, null, this, continuations);

        public void Fail(Exception error) => _core.Complete(0, error, this, continuations);

        void IThreadPoolWorkItem.Execute() => _core.CompleteHandedOff();

        int IValueTaskSource<int>.GetResult(short token) => _core.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        {
            OutgoingBatch.SendBeforeWaiting();
            _core.OnCompleted(continuation, state, token, flags);
        }
    }

    /// <summary>A hand-off that runs an action on the continuation thread, standing in for an awaiter's continuation.</summary>
    private sealed class Continuation(Action run) : IThreadPoolWorkItem
    {
        public void Execute() => run();
    }

    /// <summary>Where an awaiter continued, and what it saw there.</summary>
    private sealed record Continued(int Result, string? Thread, bool IsThreadPoolThread, string? FlowedValue);

    private static readonly AsyncLocal<string> Flowed = new();

    /// <summary>Completes on a thread of its own, standing in for the reader thread, and waits until it has returned.</summary>
    private static void CompleteOnReaderLikeThread(Action complete)
    {
        var thread = new Thread(() => complete()) { Name = "reader stand-in" };
        thread.Start();
        Assert.True(thread.Join(Timeout));
    }

    /// <summary>Awaits <paramref name="completion"/> off the test's synchronization context, as application code does.</summary>
    private static Task<Continued> AwaitAsync(Completion completion, Action? onContinued = null) => Task.Run(async () =>
    {
        Flowed.Value = "the awaiter's value";
        int result = await completion.Result;
        var continued = new Continued(result, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread, Flowed.Value);
        onContinued?.Invoke();
        return continued;
    });

    /// <summary>
    /// Waits until the awaiter has attached its continuation, so that completing hands it off: completed any sooner, the
    /// awaiter would find the result ready and go on on its own thread, and the test would be of something else.
    /// </summary>
    private static async Task UntilAwaitedAsync(Completion completion, Task awaiting)
    {
        for (var timer = System.Diagnostics.Stopwatch.StartNew(); !completion.IsAwaited && timer.Elapsed < Timeout;) await Task.Delay(5);
        Assert.True(completion.IsAwaited, "the awaiter never attached its continuation");
        Assert.False(awaiting.IsCompleted);
    }

    /// <summary>Awaits a new completion, completes it from a reader stand-in once awaited, and tells where the awaiter continued.</summary>
    private static async Task<Continued> AwaitCompletedFromReaderAsync(ContinuationThread continuations, int result)
    {
        var completion = new Completion(continuations);
        Task<Continued> awaiting = AwaitAsync(completion);
        await UntilAwaitedAsync(completion, awaiting);
        CompleteOnReaderLikeThread(() => completion.Complete(result));
        return await awaiting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task An_awaited_completion_continues_on_the_continuation_thread_with_the_awaiters_execution_context()
    {
        var continuations = new ContinuationThread(NullLogger.Instance);

        Continued continued = await AwaitCompletedFromReaderAsync(continuations, 42);

        Assert.Equal(new Continued(42, ContinuationThreadName, false, "the awaiter's value"), continued);
        continuations.Stop();
    }

    [Fact]
    public async Task A_failure_handed_off_is_thrown_to_the_awaiter()
    {
        var continuations = new ContinuationThread(NullLogger.Instance);
        var completion = new Completion(continuations);
        Task<Continued> awaiting = AwaitAsync(completion);
        await UntilAwaitedAsync(completion, awaiting);

        CompleteOnReaderLikeThread(() => completion.Fail(new InvalidOperationException("refused")));

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => awaiting.WaitAsync(Timeout));
        Assert.Equal("refused", error.Message);
        continuations.Stop();
    }

    [Fact]
    public async Task While_a_continuation_blocks_the_thread_the_next_one_runs_on_the_pool_not_on_the_completing_thread()
    {
        var continuations = new ContinuationThread(NullLogger.Instance);
        using var release = new ManualResetEventSlim();
        var blocking = new Completion(continuations);
        var blockingStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<Continued> blocked = AwaitAsync(blocking, () =>
        {
            blockingStarted.SetResult();
            release.Wait(Timeout);
        });
        await UntilAwaitedAsync(blocking, blocked);
        CompleteOnReaderLikeThread(() => blocking.Complete(1));
        await blockingStarted.Task.WaitAsync(Timeout);

        Continued continuedNext = await AwaitCompletedFromReaderAsync(continuations, 2);

        Assert.Equal(2, continuedNext.Result);
        Assert.True(continuedNext.IsThreadPoolThread, $"continued on '{continuedNext.Thread}'");
        Assert.False(blocked.IsCompleted);

        release.Set();
        Assert.Equal(ContinuationThreadName, (await blocked.WaitAsync(Timeout)).Thread);

        // Free again once it has returned from the blocked continuation (just after the awaiter saw its result): the
        // next hand-off is taken.
        for (var timer = System.Diagnostics.Stopwatch.StartNew(); continuations.IsBusy && timer.Elapsed < Timeout;) await Task.Delay(5);
        Assert.Equal(ContinuationThreadName, (await AwaitCompletedFromReaderAsync(continuations, 3)).Thread);
        continuations.Stop();
    }

    [Fact]
    public async Task After_stop_continuations_run_on_the_pool()
    {
        var continuations = new ContinuationThread(NullLogger.Instance);
        continuations.Stop();

        Continued continued = await AwaitCompletedFromReaderAsync(continuations, 7);

        Assert.Equal(7, continued.Result);
        Assert.True(continued.IsThreadPoolThread, $"continued on '{continued.Thread}'");
    }

    [Fact]
    public async Task What_a_continuation_sends_leaves_in_one_write_once_it_returns()
    {
        var output = new RecordingPipeWriter();
        // A hold time far beyond the test's, so nothing but the continuation's return can send what it holds.
        var writer = new ConnectionWriter(output, _ => { }, maxHoldTime: TimeSpan.FromHours(1));
        writer.Start();
        var continuations = new ContinuationThread(NullLogger.Instance, writer);
        var writesWhileRunning = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.True(continuations.TryRun(new Continuation(() =>
        {
            for (int i = 0; i < 3; i++)
            {
                using ConnectionWriter.WriteScope scope = writer.Acquire();
                FrameWriter.WriteHeartbeat(scope.Buffer);
            }

            Thread.Sleep(100); // time for the writer's thread to write them, had each frame woken it
            writesWhileRunning.SetResult(output.Writes.Count);
        })));

        Assert.Equal(0, await writesWhileRunning.Task.WaitAsync(Timeout));
        IReadOnlyList<byte[]> writes = await output.WaitForWritesAsync(1, Timeout);
        Assert.Equal(3 * FrameConstants.Overhead, Assert.Single(writes).Length);
        continuations.Stop();
        await writer.CompleteAsync();
    }

    [Fact]
    public async Task A_continuation_that_throws_does_not_end_the_thread()
    {
        var continuations = new ContinuationThread(NullLogger.Instance);
        var throwing = new Completion(continuations);
        var threw = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IValueTaskSource<int> source = throwing;
        ValueTask<int> pending = throwing.Result;
        // A raw callback, not an async method's: the only kind of continuation that can throw.
        source.OnCompleted(_ =>
        {
            threw.SetResult();
            throw new InvalidOperationException("a callback that throws");
        }, null, 0, ValueTaskSourceOnCompletedFlags.None);
        Assert.False(pending.IsCompleted);

        CompleteOnReaderLikeThread(() => throwing.Complete(1));
        await threw.Task.WaitAsync(Timeout);

        // The thread is still there, and free once the throwing callback has been dealt with.
        Continued continued = default!;
        for (int attempt = 0; attempt < 50; attempt++)
        {
            continued = await AwaitCompletedFromReaderAsync(continuations, 2);
            if (continued.Thread == ContinuationThreadName) break;
        }

        Assert.Equal(ContinuationThreadName, continued.Thread);
        continuations.Stop();
    }
}
