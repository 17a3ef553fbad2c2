using System.Net.Security;

namespace TypedAmqp.Tls;

/// <summary>The TLS settings one connection attempt authenticates with, made from the caller's.</summary>
internal static class TlsClientOptions
{
    /// <summary>
    /// A copy of <paramref name="configured"/> (or fresh defaults) whose <see cref="SslClientAuthenticationOptions.TargetHost"/>
    /// defaults to <paramref name="host"/>. A copy, because the caller's object may be shared by connections to other
    /// hosts and must read back as the caller wrote it.
    /// </summary>
    public static SslClientAuthenticationOptions For(SslClientAuthenticationOptions? configured, string host)
    {
        if (configured is null) return new SslClientAuthenticationOptions { TargetHost = host };

        // Every settable property (TlsClientOptionsTests fails when .NET adds one).
        var copy = new SslClientAuthenticationOptions
        {
            AllowRenegotiation = configured.AllowRenegotiation,
            AllowTlsResume = configured.AllowTlsResume,
            ApplicationProtocols = configured.ApplicationProtocols,
            CertificateChainPolicy = configured.CertificateChainPolicy,
            CertificateRevocationCheckMode = configured.CertificateRevocationCheckMode,
            CipherSuitesPolicy = configured.CipherSuitesPolicy,
            ClientCertificateContext = configured.ClientCertificateContext,
            ClientCertificates = configured.ClientCertificates,
            EnabledSslProtocols = configured.EnabledSslProtocols,
            EncryptionPolicy = configured.EncryptionPolicy,
            LocalCertificateSelectionCallback = configured.LocalCertificateSelectionCallback,
            RemoteCertificateValidationCallback = configured.RemoteCertificateValidationCallback,
            TargetHost = configured.TargetHost ?? host,
        };
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            copy.AllowRsaPssPadding = configured.AllowRsaPssPadding;
            copy.AllowRsaPkcs1Padding = configured.AllowRsaPkcs1Padding;
        }

        return copy;
    }
}
