namespace TypedAmqp.Amqp10;

/// <summary>Completing the engine's task sources without ever leaving an unobserved faulted task behind.</summary>
internal static class Amqp10Completions
{
    /// <summary>Faults <paramref name="source"/> and marks the exception observed: its waiter may have stopped waiting (cancelled).</summary>
    public static void Fail<T>(TaskCompletionSource<T> source, Exception failure)
    {
        if (source.TrySetException(failure)) _ = source.Task.Exception;
    }

    public static void Fail(TaskCompletionSource source, Exception failure)
    {
        if (source.TrySetException(failure)) _ = source.Task.Exception;
    }
}
