namespace TypedAmqp.Tool;

/// <summary>A failure the tool reports as one line and exit code <see cref="ExitCodes.Failure"/>, without a stack trace.</summary>
internal sealed class ToolException : Exception
{
    public ToolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the command line itself was wrong, so the usage is printed after the message.</summary>
    public bool IsUsageError { get; private init; }

    /// <summary>A mistake in the command line: an unknown command, option or value, a missing option.</summary>
    public static ToolException Usage(string message) => new(message) { IsUsageError = true };
}
