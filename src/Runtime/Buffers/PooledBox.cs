using System.Threading.Tasks.Sources;

namespace TypedAmqp.Buffers;

/// <summary>
/// The result of one async method run by <see cref="PooledValueTaskMethodBuilder{TResult}"/>, as a value-task source
/// read once; the box goes back to its pool as it is read. Continuations run inline, as the runtime's builders run them.
/// </summary>
internal abstract class PooledBox<TResult> : IValueTaskSource<TResult>, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<TResult> _core;

    public ValueTask<TResult> AsValueTask() => new(this, _core.Version);

    public ValueTask AsNonGenericValueTask() => new(this, _core.Version);

    public void SetResult(TResult result)
    {
        Release();
        _core.SetResult(result);
    }

    public void SetException(Exception error)
    {
        Release();
        _core.SetException(error);
    }

    /// <summary>Drops what the finished method held, before its result is published: once read, the box is reused at once.</summary>
    protected abstract void Release();

    /// <summary>Puts the box back in its pool (or lets it go).</summary>
    protected abstract void Return();

    public TResult GetResult(short token)
    {
        // A stale token, or a read before completion, throws without recycling: the box may serve another method.
        if (token != _core.Version || _core.GetStatus(token) == ValueTaskSourceStatus.Pending) return _core.GetResult(token);
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            Return();
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
