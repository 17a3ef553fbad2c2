namespace TypedAmqp.Tool.Output;

/// <summary>
/// Short status lines on standard error ("declaring exchange orders… ok"), so standard output carries only the result
/// and can be redirected into a file or another tool. Nothing written here may contain a credential.
/// </summary>
internal sealed class Progress
{
    private readonly TextWriter _errors;

    public Progress(TextWriter errors)
    {
        _errors = errors;
    }

    /// <summary>Runs one step on its own status line: "what… ok" (or the outcome's text), "what… failed" when it throws.</summary>
    public T Step<T>(string what, Func<T> action, Func<T, string>? outcome = null)
    {
        _errors.Write(what + "… ");
        T result;
        try
        {
            result = action();
        }
        catch
        {
            _errors.WriteLine("failed");
            throw;
        }

        _errors.WriteLine(outcome?.Invoke(result) ?? "ok");
        return result;
    }

    /// <summary>Runs one asynchronous step on its own status line, like <see cref="Step{T}"/>.</summary>
    public async Task<T> StepAsync<T>(string what, Func<Task<T>> action, Func<T, string>? outcome = null)
    {
        _errors.Write(what + "… ");
        T result;
        try
        {
            result = await action().ConfigureAwait(false);
        }
        catch
        {
            _errors.WriteLine("failed");
            throw;
        }

        _errors.WriteLine(outcome?.Invoke(result) ?? "ok");
        return result;
    }

    /// <summary>Runs one asynchronous step that returns nothing.</summary>
    public Task StepAsync(string what, Func<ValueTask> action) =>
        StepAsync(what, async () =>
        {
            await action().ConfigureAwait(false);
            return true;
        });

    /// <summary>A status line of its own.</summary>
    public void Line(string text) => _errors.WriteLine(text);
}
