using System.Threading.Tasks.Sources;

namespace TypedAmqp.Amqp091;

/// <summary>
/// The core of a value-task source whose continuation never runs on the thread that completes it (the reader thread,
/// mostly): when someone is already awaiting and the connection's <see cref="ContinuationThread"/> is free, the
/// outcome is handed to that thread and the continuation runs inline there; otherwise the continuation is queued to
/// the thread pool, as with <see cref="ManualResetValueTaskSourceCore{TResult}.RunContinuationsAsynchronously"/>.
/// A mutable struct: keep it in a non-readonly field of its owner.
/// </summary>
internal struct HandOffCompletionCore<TResult>
{
    private ManualResetValueTaskSourceCore<TResult> _core;
    private int _awaited; // OnCompleted was called since the last reset
    private TResult _handedOffResult;
    private Exception? _handedOffError;

    public readonly short Version => _core.Version;

    /// <summary>Whether a continuation is attached (OnCompleted was called since the last reset).</summary>
    public readonly bool IsAwaited => Volatile.Read(in _awaited) == 1;

    public void Reset()
    {
        _core.Reset();
        _awaited = 0;
        _handedOffResult = default!;
        _handedOffError = null;
    }

    public readonly ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public readonly TResult GetResult(short token) => _core.GetResult(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        // What the waiting thread holds may be what it waits for (a continuation awaiting the confirm of the publish it
        // just made): it leaves now, not when the hold timer fires.
        OutgoingBatch.SendBeforeWaiting();

        // Set before the continuation is attached: a completer that sees it may hand off even if the attaching has not
        // happened yet, and then the core, finding itself completed, queues the continuation to the pool — never inline.
        Volatile.Write(ref _awaited, 1);
        _core.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>
    /// Completes with <paramref name="result"/>, or with <paramref name="error"/> when it is not null. Hands the
    /// completion to <paramref name="continuations"/> (which calls <paramref name="owner"/> back) when someone awaits
    /// and the thread is free.
    /// </summary>
    public void Complete(TResult result, Exception? error, ContinuationThread? continuations, IContinuationHandOff owner)
    {
        if (continuations is not null && Volatile.Read(ref _awaited) == 1)
        {
            _handedOffResult = result;
            _handedOffError = error;
            if (continuations.TryRun(owner)) return;
            _handedOffResult = default!;
            _handedOffError = null;
        }

        _core.RunContinuationsAsynchronously = true;
        Set(result, error);
    }

    /// <summary>On the continuation thread: sets the handed-off outcome, running the continuation inline.</summary>
    public void CompleteHandedOff()
    {
        TResult result = _handedOffResult;
        Exception? error = _handedOffError;
        _handedOffResult = default!;
        _handedOffError = null;
        _core.RunContinuationsAsynchronously = false;
        Set(result, error);
    }

    private void Set(TResult result, Exception? error)
    {
        if (error is null) _core.SetResult(result);
        else _core.SetException(error);
    }
}
