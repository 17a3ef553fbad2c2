using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace TypedAmqp.Amqp091;

/// <summary>
/// The client side of the TLS handshake over the connected socket, with failures the TLS stack reports in its own
/// terms ("Cannot determine the frame size...", "rejected by the provided callback") told in the broker's: which
/// endpoint, whether it speaks TLS at all, and why its certificate was refused.
/// </summary>
internal static class TlsHandshake
{
    /// <summary>Authenticates as a TLS client over <paramref name="network"/>; blocking, on the reader thread.</summary>
    /// <exception cref="AmqpTlsMismatchException">The broker answered the handshake in plain AMQP.</exception>
    /// <exception cref="AmqpTlsException">The broker's certificate was refused, or the handshake failed otherwise.</exception>
    /// <exception cref="IOException">The socket failed or closed during the handshake (transient, worth a retry).</exception>
    public static SslStream Authenticate(Stream network, AmqpConnectionOptions options)
    {
        var recorded = new FirstBytesStream(network);
        var tls = new SslStream(recorded, leaveInnerStreamOpen: false);
        SslClientAuthenticationOptions tlsOptions = TlsClientOptions.For(options.TlsOptions, options.Host);
        var verdict = new CertificateVerdict(tlsOptions.RemoteCertificateValidationCallback);
        tlsOptions.RemoteCertificateValidationCallback = verdict.Validate;
        try
        {
            tls.AuthenticateAsClient(tlsOptions);
            return tls;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            tls.Dispose();
            string endpoint = options.HostAndPort;
            if (recorded.First.StartsWith("AMQP"u8)) throw new AmqpTlsMismatchException(endpoint, brokerUsesTls: false, ex);
            if (verdict.Refused) throw new AmqpTlsException(endpoint, verdict.Describe(endpoint), verdict.PolicyErrors, ex);
            if (ex is AuthenticationException) throw new AmqpTlsException(endpoint, $"The TLS handshake with {endpoint} failed: {ex.Message}", innerException: ex);
            throw;
        }
    }

    /// <summary>Runs the application's certificate check (or the default: no policy errors) and remembers a refusal.</summary>
    private sealed class CertificateVerdict(RemoteCertificateValidationCallback? configured)
    {
        private string _chainStatus = "";

        public bool Refused { get; private set; }

        public SslPolicyErrors PolicyErrors { get; private set; }

        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            bool accepted = configured is null ? errors == SslPolicyErrors.None : configured(sender, certificate, chain, errors);
            if (!accepted)
            {
                Refused = true;
                PolicyErrors = errors;

                // The chain is gone once the handshake has failed: keep what it said now.
                _chainStatus = chain is null ? "" : string.Join(", ", chain.ChainStatus.Select(status => status.Status.ToString()).Distinct());
            }

            return accepted;
        }

        public string Describe(string endpoint)
        {
            if (PolicyErrors == SslPolicyErrors.None)
            {
                return $"The TLS server certificate of {endpoint} was refused by the RemoteCertificateValidationCallback in TlsOptions.";
            }

            string chain = _chainStatus.Length > 0 ? $" (chain: {_chainStatus})" : "";
            return $"The TLS server certificate of {endpoint} was not accepted: {PolicyErrors}{chain}. "
                + "Trust its issuer (TlsOptions.CertificateChainPolicy or the system store) and check that the host name matches the certificate.";
        }
    }
}
