using System.Runtime.CompilerServices;

namespace TypedAmqp.Buffers;

/// <summary>
/// <see cref="PooledValueTaskMethodBuilder{TResult}"/> for <see cref="ValueTask"/> methods
/// (<c>[AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]</c>).
/// </summary>
internal struct PooledValueTaskMethodBuilder
{
    private PooledValueTaskMethodBuilder<bool> _builder;

    public static PooledValueTaskMethodBuilder Create() => default;

    public readonly ValueTask Task => _builder.NonGenericTask;

    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine =>
        _builder.Start(ref stateMachine);

    public readonly void SetStateMachine(IAsyncStateMachine stateMachine) => _builder.SetStateMachine(stateMachine);

    public void SetResult() => _builder.SetResult(true);

    public void SetException(Exception exception) => _builder.SetException(exception);

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        _builder.AwaitOnCompleted(ref awaiter, ref stateMachine);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        _builder.AwaitUnsafeOnCompleted(ref awaiter, ref stateMachine);
}
