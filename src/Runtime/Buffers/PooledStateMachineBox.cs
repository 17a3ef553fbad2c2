using System.Runtime.CompilerServices;

namespace TypedAmqp.Buffers;

/// <summary>
/// The heap home of one suspended async method run by <see cref="PooledValueTaskMethodBuilder{TResult}"/>: its state
/// machine and the context to resume it in. Back in a pool of <see cref="MaxPooled"/> per state machine type once its
/// result is read, so a method that suspends allocates nothing in steady state however many run at once (the
/// runtime's own pooling builder keeps one per core and one per thread).
/// </summary>
internal sealed class PooledStateMachineBox<TResult, TStateMachine> : PooledBox<TResult>
    where TStateMachine : IAsyncStateMachine
{
    /// <summary>More than methods of one kind suspend at once in a busy client (sends in flight, say).</summary>
    private const int MaxPooled = 1024;

    private static readonly ContextCallback s_moveNext = static box => ((PooledStateMachineBox<TResult, TStateMachine>)box!).StateMachine.MoveNext();
    private static readonly Stack<PooledStateMachineBox<TResult, TStateMachine>> s_pool = new(); // locked

    private ExecutionContext? _context; // captured at each await; null when its flow was suppressed

    private PooledStateMachineBox()
    {
        MoveNextAction = MoveNext;
    }

    /// <summary>The method's state, copied here at its first await; resumed in place.</summary>
    public TStateMachine StateMachine = default!;

    /// <summary>Resumes the method; handed to each awaiter, made once per box.</summary>
    public Action MoveNextAction { get; }

    public static PooledStateMachineBox<TResult, TStateMachine> Rent()
    {
        lock (s_pool)
        {
            if (s_pool.TryPop(out PooledStateMachineBox<TResult, TStateMachine>? box)) return box;
        }

        return new PooledStateMachineBox<TResult, TStateMachine>();
    }

    /// <summary>Remembers the awaiting thread's execution context, to resume the method in it.</summary>
    public void CaptureContext() => _context = ExecutionContext.Capture();

    private void MoveNext()
    {
        ExecutionContext? context = _context;
        if (context is null) StateMachine.MoveNext();
        else ExecutionContext.Run(context, s_moveNext, this);
    }

    protected override void Release()
    {
        StateMachine = default!;
        _context = null;
    }

    protected override void Return()
    {
        lock (s_pool)
        {
            if (s_pool.Count < MaxPooled) s_pool.Push(this);
        }
    }
}
