using System.Threading.Tasks.Sources;

namespace TypedAmqp.Buffers;

/// <summary>
/// The core of every pooled value-task source in the runtime: its continuation never runs on the thread that
/// completes it (a read loop, a thread letting go of a lock), and handing it on allocates nothing. When someone already
/// awaits, the owner itself is the work item that sets the outcome, running the continuation inline: on an
/// <see cref="IContinuationRunner"/> when one is given and takes it, else on the thread pool. When nobody awaits yet,
/// the outcome is set at once, and a continuation attached in the same instant is queued by
/// <see cref="ManualResetValueTaskSourceCore{TResult}"/> as usual. A mutable struct: keep it in a non-readonly field.
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
        // Set before the continuation is attached: a completer that sees it hands the owner on even if the attaching
        // has not happened yet, and the core, finding itself completed by then, queues the continuation to the pool.
        Volatile.Write(ref _awaited, 1);
        _core.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>
    /// Completes with <paramref name="result"/>, or with <paramref name="error"/> when not null. <paramref name="owner"/>
    /// is this core's source; its <see cref="IThreadPoolWorkItem.Execute"/> must call <see cref="CompleteHandedOff"/>.
    /// </summary>
    public void Complete(TResult result, Exception? error, IThreadPoolWorkItem owner, IContinuationRunner? runner = null)
    {
        if (Volatile.Read(ref _awaited) == 1)
        {
            _handedOffResult = result;
            _handedOffError = error;
            if (runner is null || !runner.TryRun(owner)) ThreadPool.UnsafeQueueUserWorkItem(owner, preferLocal: false);
            return;
        }

        _core.RunContinuationsAsynchronously = true;
        Set(result, error);
    }

    /// <summary>From the owner's <see cref="IThreadPoolWorkItem.Execute"/>: sets the handed-off outcome, running the continuation here.</summary>
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
