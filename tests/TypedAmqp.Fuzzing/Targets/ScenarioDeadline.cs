using TypedAmqp.Fuzzing.Engine;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>The time both connection targets give one input, and the wait that turns running out of it into a hang.</summary>
internal static class ScenarioDeadline
{
    /// <summary>Far above what an input takes (milliseconds), so a loaded machine does not report false hangs.</summary>
    public static readonly TimeSpan InputTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Waits for <paramref name="task"/>; a <paramref name="deadline"/> that ends first is a <see cref="FuzzHangException"/> saying <paramref name="what"/>.</summary>
    public static async Task WithinAsync(Task task, string what, CancellationToken deadline)
    {
        try
        {
            await task.WaitAsync(deadline);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new FuzzHangException($"After {InputTimeout.TotalSeconds:0} s, {what}.");
        }
    }
}
