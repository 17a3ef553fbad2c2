namespace TypedAmqp.Messaging;

/// <summary>
/// None of a connection's endpoints could be reached. <see cref="Failures"/> says, for each endpoint tried, why; the
/// message names every endpoint and never contains credentials.
/// </summary>
public sealed class AmqpEndpointsUnreachableException : AmqpException
{
    /// <summary>Creates the exception from each endpoint and what connecting to it threw.</summary>
    public AmqpEndpointsUnreachableException(IReadOnlyList<(AmqpEndpoint Endpoint, Exception Error)> failures)
        : base(Describe(failures), failures.Count > 0 ? failures[^1].Error : null)
    {
        Failures = failures;
    }

    /// <summary>Each endpoint tried, in the order tried, with the exception connecting to it threw.</summary>
    public IReadOnlyList<(AmqpEndpoint Endpoint, Exception Error)> Failures { get; }

    private static string Describe(IReadOnlyList<(AmqpEndpoint Endpoint, Exception Error)> failures) =>
        $"None of the {failures.Count} broker endpoints could be reached: " +
        string.Join("; ", failures.Select(failure => $"{failure.Endpoint}: {failure.Error.Message}"));
}
