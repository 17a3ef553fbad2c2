using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedAmqp.Amqp091;
using TypedAmqp.Hosting;

namespace TypedAmqp.Integration.Hosting;

/// <summary>TLS set through the TypedAmqp:Tls configuration section: validation of the settings, and a host over amqps.</summary>
[Collection(HostingTests.JobQueueCollection)]
public sealed class TlsConfigurationTests : IDisposable
{
    private const string Password = "pfx-s3cret";
    private readonly string _directory = Directory.CreateTempSubdirectory("typedamqp-tls-").FullName;

    public TlsConfigurationTests()
    {
        using RSA caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Options Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(2));
        File.WriteAllText(Path(("ca.pem")), ca.ExportCertificatePem());

        using RSA clientKey = RSA.Create(2048);
        var clientRequest = new CertificateRequest("CN=options-client", clientKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 client = clientRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        using X509Certificate2 clientWithKey = client.CopyWithPrivateKey(clientKey);
        File.WriteAllBytes(Path("client.pfx"), clientWithKey.Export(X509ContentType.Pkcs12, Password));
        File.WriteAllText(Path("client.pem"), client.ExportCertificatePem());
        File.WriteAllText(Path("client.key"), clientKey.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Path(string file) => System.IO.Path.Combine(_directory, file);

    private static TypedAmqpOptions Options(Dictionary<string, string?> settings) =>
        TypedAmqpOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void A_private_ca_a_pkcs12_client_certificate_and_the_server_name_are_read_from_configuration()
    {
        AmqpConnectionOptions connection = Options(new()
        {
            ["TypedAmqp:Uri"] = "amqps://guest:guest@10.0.0.5/",
            ["TypedAmqp:Tls:CaCertificatePath"] = Path("ca.pem"),
            ["TypedAmqp:Tls:ClientCertificatePath"] = Path("client.pfx"),
            ["TypedAmqp:Tls:ClientCertificatePassword"] = Password,
            ["TypedAmqp:Tls:ServerName"] = "broker.internal",
        }).ToConnectionOptions();

        Assert.NotNull(connection.TlsOptions);
        Assert.Equal("broker.internal", connection.TlsOptions.TargetHost);
        X509ChainPolicy policy = connection.TlsOptions.CertificateChainPolicy!;
        Assert.Equal(X509ChainTrustMode.CustomRootTrust, policy.TrustMode);
        Assert.Equal("CN=Options Test CA", Assert.Single(policy.CustomTrustStore).Subject);
        X509Certificate certificate = Assert.Single(connection.TlsOptions.ClientCertificates!.Cast<X509Certificate>());
        Assert.Equal("CN=options-client", certificate.Subject);
        Assert.True(((X509Certificate2)certificate).HasPrivateKey);
    }

    [Fact]
    public void A_pem_client_certificate_is_loaded_with_its_separate_key()
    {
        AmqpConnectionOptions connection = Options(new()
        {
            ["TypedAmqp:Uri"] = "amqps://guest:guest@localhost/",
            ["TypedAmqp:Tls:ClientCertificatePath"] = Path("client.pem"),
            ["TypedAmqp:Tls:ClientKeyPath"] = Path("client.key"),
        }).ToConnectionOptions();

        var certificate = (X509Certificate2)Assert.Single(connection.TlsOptions!.ClientCertificates!.Cast<X509Certificate>());
        Assert.True(certificate.HasPrivateKey);
        Assert.Null(connection.TlsOptions.CertificateChainPolicy); // no private CA: the system's trust store decides
    }

    [Fact]
    public void Tls_settings_with_a_plain_amqp_uri_are_rejected()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Options(new()
        {
            ["TypedAmqp:Uri"] = "amqp://guest:hidden-pw@localhost/",
            ["TypedAmqp:Tls:CaCertificatePath"] = Path("ca.pem"),
        }).ToConnectionOptions());

        Assert.Contains("amqps://", error.Message);
        Assert.DoesNotContain("hidden-pw", error.Message);
    }

    [Fact]
    public void A_missing_file_or_a_wrong_password_names_the_setting_and_never_shows_the_password()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => Options(new()
        {
            ["TypedAmqp:Uri"] = "amqps://guest:guest@localhost/",
            ["TypedAmqp:Tls:CaCertificatePath"] = Path("nowhere.pem"),
        }).ToConnectionOptions());
        Assert.Contains("TypedAmqp:Tls:CaCertificatePath", missing.Message);
        Assert.Contains("nowhere.pem", missing.Message);

        var wrongPassword = Assert.Throws<InvalidOperationException>(() => Options(new()
        {
            ["TypedAmqp:Uri"] = "amqps://guest:guest@localhost/",
            ["TypedAmqp:Tls:ClientCertificatePath"] = Path("client.pfx"),
            ["TypedAmqp:Tls:ClientCertificatePassword"] = "not-the-password",
        }).ToConnectionOptions());
        Assert.Contains("TypedAmqp:Tls:ClientCertificatePath", wrongPassword.Message);
        Assert.DoesNotContain("not-the-password", wrongPassword.Message);

        var notACertificate = Assert.Throws<InvalidOperationException>(() => Options(new()
        {
            ["TypedAmqp:Uri"] = "amqps://guest:guest@localhost/",
            ["TypedAmqp:Tls:CaCertificatePath"] = Path("client.key"),
        }).ToConnectionOptions());
        Assert.Contains("cannot be read as a certificate", notACertificate.Message);
    }

    [BrokerFact]
    public async Task A_host_configured_for_mutual_tls_and_sasl_external_publishes_and_consumes()
    {
        string brokerTls = Broker.TlsDirectory;
        var log = new HostingTests.JobLog();
        using IHost host = HostingTests.BuildHost(log, "hosting-tls", settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:amqp"] = null,
            // A wrong password: only the client certificate (SASL EXTERNAL) can get this host in.
            ["TypedAmqp:Uri"] = $"amqps://guest:wrong-password@localhost:{Broker.TlsPort}/?auth_mechanism=external",
            ["TypedAmqp:Tls:CaCertificatePath"] = System.IO.Path.Combine(brokerTls, "ca.pem"),
            ["TypedAmqp:Tls:ClientCertificatePath"] = System.IO.Path.Combine(brokerTls, "client.pem"),
            ["TypedAmqp:Tls:ClientKeyPath"] = System.IO.Path.Combine(brokerTls, "client.key"),
        });

        await host.StartAsync();
        AmqpConnection connection = host.Services.GetRequiredService<TypedAmqpRuntime>().Connection()!;
        Assert.StartsWith("amqps://", connection.Endpoint);
        Assert.Contains($":{Broker.TlsPort}", connection.Endpoint);

        await host.Services.GetRequiredService<IJobs>().Submit(new Job(4242, 1));
        Assert.True(await log.Progress.WaitAsync(TimeSpan.FromSeconds(10)));
        await host.StopAsync();
        Assert.Contains(log.Handled, h => h.Number == 4242);
    }
}
