namespace TypedAmqp;

/// <summary>
/// For a request method (a publisher method returning <c>ValueTask&lt;TResponse&gt;</c>): how long to wait for the
/// reply before failing with a <see cref="System.TimeoutException"/>. Without it the wait is 30 seconds.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ReplyTimeoutAttribute : Attribute
{
    /// <summary>Sets the timeout in milliseconds.</summary>
    public ReplyTimeoutAttribute(int milliseconds)
    {
        Milliseconds = milliseconds;
    }

    /// <summary>The timeout in milliseconds.</summary>
    public int Milliseconds { get; }
}
