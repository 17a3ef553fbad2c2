using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace TypedAmqp.Buffers;

/// <summary>
/// The async method builder of the hot paths' <see cref="ValueTask{TResult}"/> methods
/// (<c>[AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder&lt;&gt;))]</c>): a method that completes without
/// suspending costs nothing, and one that suspends lives in a pooled <see cref="PooledStateMachineBox{TResult,TStateMachine}"/>
/// until its result is read. Its value task may be awaited once, like any pooled one.
/// </summary>
internal struct PooledValueTaskMethodBuilder<TResult>
{
    private PooledBox<TResult>? _box; // set at the first await, or by a failure without one
    private TResult _result; // a result reached without suspending

    public static PooledValueTaskMethodBuilder<TResult> Create() => default;

    public readonly ValueTask<TResult> Task => _box is null ? new ValueTask<TResult>(_result) : _box.AsValueTask();

    /// <summary>The same, for <see cref="PooledValueTaskMethodBuilder"/>.</summary>
    internal readonly ValueTask NonGenericTask => _box is null ? default : _box.AsNonGenericValueTask();

    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        // As the runtime's builders do: what the method changes in the contexts stays inside it.
        ExecutionContext? executionContext = ExecutionContext.Capture();
        SynchronizationContext? synchronizationContext = SynchronizationContext.Current;
        try
        {
            stateMachine.MoveNext();
        }
        finally
        {
            if (SynchronizationContext.Current != synchronizationContext) SynchronizationContext.SetSynchronizationContext(synchronizationContext);
            if (executionContext is not null && ExecutionContext.Capture() != executionContext) ExecutionContext.Restore(executionContext);
        }
    }

    public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
    {
        // Called only for state machines that are classes (debug builds); the box holds the state machine instead.
    }

    public void SetResult(TResult result)
    {
        if (_box is null) _result = result;
        else _box.SetResult(result);
    }

    public void SetException(Exception exception)
    {
        // A failure without a suspension gets a box too: an OperationCanceledException then stays a cancellation.
        _box ??= PooledStateMachineBox<TResult, NoStateMachine>.Rent();
        _box.SetException(exception);
    }

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
    {
        try
        {
            awaiter.OnCompleted(BoxFor(ref stateMachine).MoveNextAction);
        }
        catch (Exception e)
        {
            CrashOnThreadPool(e);
        }
    }

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine
    {
        try
        {
            awaiter.UnsafeOnCompleted(BoxFor(ref stateMachine).MoveNextAction);
        }
        catch (Exception e)
        {
            CrashOnThreadPool(e);
        }
    }

    /// <summary>
    /// An awaiter that fails to take the continuation is broken, and the method can neither go on nor fail cleanly (the
    /// awaiter may still call it): as the runtime's builders do, the exception is thrown on the thread pool.
    /// </summary>
    private static void CrashOnThreadPool(Exception error) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => ((ExceptionDispatchInfo)state!).Throw(), ExceptionDispatchInfo.Capture(error));

    /// <summary>The method's box: rented, and the state machine copied into it, at its first await.</summary>
    private PooledStateMachineBox<TResult, TStateMachine> BoxFor<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        if (_box is not PooledStateMachineBox<TResult, TStateMachine> box)
        {
            box = PooledStateMachineBox<TResult, TStateMachine>.Rent();
            _box = box; // before the copy: the builder inside the copied state machine must know its box
            box.StateMachine = stateMachine;
        }

        box.CaptureContext();
        return box;
    }

    /// <summary>The state machine type of a box that only carries a failure.</summary>
    private struct NoStateMachine : IAsyncStateMachine
    {
        public readonly void MoveNext()
        {
        }

        public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
        {
        }
    }
}
