namespace TypedAmqp.Buffers;

/// <summary>
/// A thread of its own that may run an awaiter's continuation, so that it need not go to the thread pool (the AMQP 0-9-1
/// connection's continuation thread). See <see cref="HandOffCompletionCore{TResult}"/>.
/// </summary>
internal interface IContinuationRunner
{
    /// <summary>
    /// Runs <paramref name="completion"/>'s <see cref="IThreadPoolWorkItem.Execute"/> on this runner's thread; false
    /// when it cannot take it now (it is busy or stopped), and the caller then queues it to the thread pool.
    /// </summary>
    bool TryRun(IThreadPoolWorkItem completion);
}
