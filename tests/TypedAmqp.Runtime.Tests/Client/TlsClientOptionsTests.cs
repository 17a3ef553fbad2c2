using System.Net.Security;
using System.Reflection;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using TypedAmqp.Amqp091;
using TypedAmqp.Tests.Support;
using TypedAmqp.Tls;

namespace TypedAmqp.Tests.Client;

public sealed class TlsClientOptionsTests
{
    [Fact]
    public void The_copy_carries_every_setting_of_the_callers_options_and_defaults_only_the_target_host()
    {
        using X509Certificate2 certificate = TestCertificates.SelfSignedServer();
        RemoteCertificateValidationCallback validate = (_, _, _, _) => true;
        LocalCertificateSelectionCallback select = (_, _, _, _, _) => certificate;
        var configured = new SslClientAuthenticationOptions
        {
            AllowRenegotiation = !new SslClientAuthenticationOptions().AllowRenegotiation,
            AllowTlsResume = !new SslClientAuthenticationOptions().AllowTlsResume,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateChainPolicy = TestCertificates.TrustOnly(certificate),
            CertificateRevocationCheckMode = X509RevocationMode.Offline,
            ClientCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null),
            ClientCertificates = [certificate],
            EnabledSslProtocols = SslProtocols.Tls13,
            EncryptionPolicy = EncryptionPolicy.RequireEncryption,
            LocalCertificateSelectionCallback = select,
            RemoteCertificateValidationCallback = validate,
        };

        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            configured.AllowRsaPssPadding = !configured.AllowRsaPssPadding;
            configured.AllowRsaPkcs1Padding = !configured.AllowRsaPkcs1Padding;
        }

        SslClientAuthenticationOptions copy = TlsClientOptions.For(configured, "broker.example");

        Assert.NotSame(configured, copy);
        Assert.Equal("broker.example", copy.TargetHost);
        Assert.Null(configured.TargetHost);
        foreach (PropertyInfo property in Settable())
        {
            if (property.Name == nameof(SslClientAuthenticationOptions.TargetHost)) continue;
            Assert.True(Equals(property.GetValue(configured), property.GetValue(copy)), $"{property.Name} was not copied");
        }

        // A property .NET adds later must be copied too: this list fails until TlsClientOptions.For handles it.
        Assert.Equal(
            ["AllowRenegotiation", "AllowRsaPkcs1Padding", "AllowRsaPssPadding", "AllowTlsResume", "ApplicationProtocols", "CertificateChainPolicy",
             "CertificateRevocationCheckMode", "CipherSuitesPolicy", "ClientCertificateContext", "ClientCertificates", "EnabledSslProtocols",
             "EncryptionPolicy", "LocalCertificateSelectionCallback", "RemoteCertificateValidationCallback", "TargetHost"],
            Settable().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_target_host_the_caller_set_is_kept()
    {
        SslClientAuthenticationOptions copy = TlsClientOptions.For(new SslClientAuthenticationOptions { TargetHost = "rabbit.internal" }, "10.0.0.5");
        Assert.Equal("rabbit.internal", copy.TargetHost);
        Assert.Equal("10.0.0.5", TlsClientOptions.For(null, "10.0.0.5").TargetHost);
    }

    private static IEnumerable<PropertyInfo> Settable() =>
        typeof(SslClientAuthenticationOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);
}
