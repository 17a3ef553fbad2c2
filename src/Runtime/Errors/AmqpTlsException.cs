using System.Net.Security;

namespace TypedAmqp;

/// <summary>
/// TLS could not be established with the broker: its certificate was not accepted, or the TLS handshake failed.
/// The message names the endpoint (host and port, never credentials) and, for a certificate, why it was refused.
/// </summary>
public class AmqpTlsException : AmqpException
{
    /// <summary>Creates the exception for an endpoint.</summary>
    /// <param name="endpoint">The broker's host and port, such as <c>rabbit.internal:5671</c>.</param>
    /// <param name="message">What failed, naming the endpoint.</param>
    /// <param name="policyErrors">Why the server certificate was refused, or <see cref="SslPolicyErrors.None"/>.</param>
    /// <param name="innerException">The TLS stack's exception.</param>
    public AmqpTlsException(string endpoint, string message, SslPolicyErrors policyErrors = SslPolicyErrors.None, Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
        PolicyErrors = policyErrors;
    }

    /// <summary>The broker's host and port.</summary>
    public string Endpoint { get; }

    /// <summary>
    /// Why the server certificate was refused (name mismatch, chain errors, no certificate); <see cref="SslPolicyErrors.None"/>
    /// when the failure was not a refused certificate, or when the application's validation callback refused a valid one.
    /// </summary>
    public SslPolicyErrors PolicyErrors { get; }
}
