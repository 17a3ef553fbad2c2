using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace TypedAmqp.Tls;

/// <summary>
/// The client side of the TLS handshake over a connected socket, for both transports, with failures the TLS stack
/// reports in its own terms ("Cannot determine the frame size...", "rejected by the provided callback") told in the
/// broker's: which endpoint, whether it speaks TLS at all, and why its certificate was refused.
/// </summary>
/// <remarks>
/// AMQP 0-9-1 authenticates blocking, on its reader thread (<see cref="Authenticate"/>); AMQP 1.0 asynchronously
/// (<see cref="AuthenticateAsync"/>). Both report the same exception types, so an application handles TLS failures of
/// both protocols alike.
/// </remarks>
internal static class TlsHandshake
{
    /// <summary>Authenticates as a TLS client over <paramref name="network"/>, blocking; the returned stream owns it.</summary>
    /// <param name="network">The connected socket's stream.</param>
    /// <param name="configured">The application's TLS settings, or null for the defaults (copied, never changed).</param>
    /// <param name="host">The host connected to: the target host (SNI and the name check) unless the settings give one.</param>
    /// <param name="endpoint">The endpoint as errors name it ("host:port").</param>
    /// <param name="settingName">What the application calls the settings, for errors ("TlsOptions", "Tls").</param>
    /// <exception cref="AmqpTlsMismatchException">The broker answered the handshake in plain AMQP.</exception>
    /// <exception cref="AmqpTlsException">The broker's certificate was refused, or the handshake failed otherwise.</exception>
    /// <exception cref="IOException">The socket failed or closed during the handshake (transient, worth a retry).</exception>
    public static SslStream Authenticate(Stream network, SslClientAuthenticationOptions? configured, string host, string endpoint, string settingName)
    {
        (SslStream tls, FirstBytesStream recorded, SslClientAuthenticationOptions settings, CertificateVerdict verdict) = Prepare(network, configured, host);
        try
        {
            tls.AuthenticateAsClient(settings);
            return tls;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            tls.Dispose();
            throw Explain(ex, recorded, verdict, endpoint, settingName);
        }
    }

    /// <summary>Authenticates as a TLS client over <paramref name="network"/> asynchronously; as <see cref="Authenticate"/> otherwise.</summary>
    public static async Task<SslStream> AuthenticateAsync(
        Stream network, SslClientAuthenticationOptions? configured, string host, string endpoint, string settingName, CancellationToken cancellationToken)
    {
        (SslStream tls, FirstBytesStream recorded, SslClientAuthenticationOptions settings, CertificateVerdict verdict) = Prepare(network, configured, host);
        try
        {
            await tls.AuthenticateAsClientAsync(settings, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw Explain(ex, recorded, verdict, endpoint, settingName);
        }
    }

    private static (SslStream, FirstBytesStream, SslClientAuthenticationOptions, CertificateVerdict) Prepare(Stream network, SslClientAuthenticationOptions? configured, string host)
    {
        var recorded = new FirstBytesStream(network);
        var tls = new SslStream(recorded, leaveInnerStreamOpen: false);
        SslClientAuthenticationOptions settings = TlsClientOptions.For(configured, host);
        var verdict = new CertificateVerdict(settings.RemoteCertificateValidationCallback);
        settings.RemoteCertificateValidationCallback = verdict.Validate;
        return (tls, recorded, settings, verdict);
    }

    /// <summary>The exception to throw for a failed handshake: the broker's terms where they are known, else the failure itself.</summary>
    private static Exception Explain(Exception failure, FirstBytesStream recorded, CertificateVerdict verdict, string endpoint, string settingName)
    {
        if (recorded.First.StartsWith("AMQP"u8)) return new AmqpTlsMismatchException(endpoint, brokerUsesTls: false, failure);
        if (verdict.Refused) return new AmqpTlsException(endpoint, verdict.Describe(endpoint, settingName), verdict.PolicyErrors, failure);
        if (failure is AuthenticationException) return new AmqpTlsException(endpoint, $"The TLS handshake with {endpoint} failed: {failure.Message}", innerException: failure);
        return failure;
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

        public string Describe(string endpoint, string settingName)
        {
            if (PolicyErrors == SslPolicyErrors.None)
            {
                return $"The TLS server certificate of {endpoint} was refused by the RemoteCertificateValidationCallback in {settingName}.";
            }

            string chain = _chainStatus.Length > 0 ? $" (chain: {_chainStatus})" : "";
            return $"The TLS server certificate of {endpoint} was not accepted: {PolicyErrors}{chain}. "
                + $"Trust its issuer ({settingName}.CertificateChainPolicy or the system store) and check that the host name matches the certificate.";
        }
    }
}
