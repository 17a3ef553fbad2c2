using System.Threading.Tasks.Sources;

namespace TypedAmqp.Buffers;

/// <summary>
/// The core of a value-task source whose continuation never runs on the thread that completes it (the read loop, or
/// a thread letting go of a lock), handed to the thread pool without an allocation: when someone already awaits, the
/// owner itself is the pool's work item and sets the outcome there, running the continuation inline. Otherwise the
/// outcome is set at once, and a continuation attached in the same instant is queued by
/// <see cref="ManualResetValueTaskSourceCore{TResult}"/> as usual. A mutable struct: keep it in a non-readonly field.
/// </summary>
internal struct ThreadPoolCompletionCore<TResult>
{
    private ManualResetValueTaskSourceCore<TResult> _core;
    private int _awaited; // OnCompleted was called since the last reset
    private TResult _queuedResult;
    private Exception? _queuedError;

    public readonly short Version => _core.Version;

    public void Reset()
    {
        _core.Reset();
        _awaited = 0;
    }

    public readonly ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public readonly TResult GetResult(short token) => _core.GetResult(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        // Set before the continuation is attached: a completer that sees it queues the owner even if the attaching has
        // not happened yet, and the core, finding itself completed by then, runs the continuation on the pool thread.
        Volatile.Write(ref _awaited, 1);
        _core.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>Completes with <paramref name="result"/>, or with <paramref name="error"/> when not null; <paramref name="owner"/> is this core's source.</summary>
    public void Complete(TResult result, Exception? error, IThreadPoolWorkItem owner)
    {
        if (Volatile.Read(ref _awaited) == 1)
        {
            _queuedResult = result;
            _queuedError = error;
            ThreadPool.UnsafeQueueUserWorkItem(owner, preferLocal: false);
            return;
        }

        _core.RunContinuationsAsynchronously = true;
        Set(result, error);
    }

    /// <summary>On the pool thread, from the owner's <see cref="IThreadPoolWorkItem.Execute"/>: sets the queued outcome.</summary>
    public void CompleteQueued()
    {
        TResult result = _queuedResult;
        Exception? error = _queuedError;
        _queuedResult = default!;
        _queuedError = null;
        _core.RunContinuationsAsynchronously = false;
        Set(result, error);
    }

    private void Set(TResult result, Exception? error)
    {
        if (error is null) _core.SetResult(result);
        else _core.SetException(error);
    }
}
