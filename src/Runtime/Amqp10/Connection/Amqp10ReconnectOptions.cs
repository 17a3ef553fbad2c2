using System.Net;

namespace TypedAmqp.Amqp10;

/// <summary>
/// How an <c>Amqp10Client</c> reconnects after losing its connection (like Proton's <c>reconnect=Backoff()</c>
/// with a list of <c>urls</c>): attempts cycle through <see cref="Amqp10ConnectionOptions.Host"/> and then
/// <see cref="FailoverEndpoints"/>, the first at once and later ones after a growing delay, and every sender and
/// receiver is attached again with the options it was created with.
/// </summary>
/// <example>
/// <code>
/// var options = new Amqp10ConnectionOptions
/// {
///     Host = "rabbit-1", UserName = "app", Password = secret, Tls = new SslClientAuthenticationOptions(),
///     Reconnect = new Amqp10ReconnectOptions { FailoverEndpoints = [new DnsEndPoint("rabbit-2", 5671)] },
/// };
/// </code>
/// </example>
public sealed class Amqp10ReconnectOptions
{
    /// <summary>
    /// Further brokers to try, in order, after the one in the connection options; each gets the same credentials, TLS
    /// settings (the server certificate is checked against the endpoint's host unless a target host is set) and limits.
    /// </summary>
    public IReadOnlyList<DnsEndPoint> FailoverEndpoints { get; init; } = [];

    /// <summary>The delay before the second attempt (the first is made at once), doubled after each failure up to <see cref="MaxDelay"/>, each jittered down to as little as half. Default 100 ms.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay between attempts. Default 10 s, as Proton's.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many attempts to make after a loss before the client gives up and stops; 0 (the default) never gives up. A
    /// connection lost again within <see cref="MaxDelay"/> of being made does not start the count (or the back-off)
    /// over, so a peer that accepts and then drops every connection is not retried in a tight loop.
    /// </summary>
    public int MaxAttempts { get; init; }

    /// <summary>
    /// What happens to an at-least-once message written before the loss whose outcome never came. False (the default):
    /// its send fails with <see cref="Amqp10OutcomeUnknownException"/>, since the peer may or may not have it. True:
    /// it is sent again once the sender is attached again (within its send timeout), so it arrives at least once and
    /// possibly twice.
    /// </summary>
    public bool ResendUnsettled { get; init; }

    /// <summary>The problems with these settings, empty when there are none.</summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (InitialDelay <= TimeSpan.Zero) problems.Add($"{nameof(InitialDelay)} must be more than zero.");
        if (MaxDelay < InitialDelay) problems.Add($"{nameof(MaxDelay)} must be at least {nameof(InitialDelay)}.");
        if (MaxAttempts < 0) problems.Add($"{nameof(MaxAttempts)} must not be negative.");
        if (FailoverEndpoints is null || FailoverEndpoints.Any(e => e is null)) problems.Add($"{nameof(FailoverEndpoints)} must not be or hold null.");
        return problems;
    }
}
