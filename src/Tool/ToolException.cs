namespace TypedAmqp.Tool;

/// <summary>A failure the tool reports as one line and exit code <see cref="ExitCodes.Failure"/>, without a stack trace.</summary>
internal sealed class ToolException : Exception
{
    public ToolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
