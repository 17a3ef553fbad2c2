using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Integration;

/// <summary>TLS against the broker's TLS listener (5671), with the private CA and client certificate eng/broker.sh made.</summary>
public sealed class TlsTests
{
    private static string TlsDirectory => Broker.TlsDirectory;

    private static AmqpConnectionOptions TlsOptions(bool trustTestCa, bool withClientCertificate = false)
    {
        AmqpConnectionOptions options = AmqpConnectionOptions.Parse($"amqps://guest:guest@localhost:{Broker.TlsPort}/");
        var tls = new SslClientAuthenticationOptions();
        if (trustTestCa)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(Path.Combine(TlsDirectory, "ca.pem")));
            tls.CertificateChainPolicy = policy;
        }

        if (withClientCertificate)
        {
            tls.ClientCertificates = [X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(TlsDirectory, "client.pfx"), "")];
        }

        options.TlsOptions = tls;
        return options;
    }

    [BrokerFact]
    public async Task Tls_with_a_trusted_server_certificate_connects_and_publishes()
    {
        await using AmqpConnection connection = await AmqpConnection.ConnectAsync(TlsOptions(trustTestCa: true));
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.ConfirmSelectAsync();
        await channel.PublishAsync("", queue.QueueName, "over tls"u8.ToArray());
        GetResult? result = await TopologyAndPublishingTests.PollAsync(channel, queue.QueueName);
        Assert.Equal("over tls", System.Text.Encoding.UTF8.GetString(result!.Body.Span));
    }

    [BrokerFact]
    public async Task The_server_certificate_is_validated_by_default()
    {
        AmqpTlsException error = await Assert.ThrowsAsync<AmqpTlsException>(async () => await AmqpConnection.ConnectAsync(TlsOptions(trustTestCa: false)));
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, error.PolicyErrors);
        Assert.Contains($"localhost:{Broker.TlsPort}", error.Message);
        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [BrokerFact]
    public async Task Plain_amqp_to_the_tls_port_fails_saying_the_broker_speaks_tls()
    {
        AmqpTlsMismatchException error = await Assert.ThrowsAsync<AmqpTlsMismatchException>(
            async () => await AmqpConnection.ConnectAsync($"amqp://guest:guest@127.0.0.1:{Broker.TlsPort}/"));
        Assert.True(error.BrokerUsesTls);
        Assert.Contains($"127.0.0.1:{Broker.TlsPort} speaks TLS", error.Message);
        Assert.DoesNotContain("guest", error.Message);
    }

    [BrokerFact]
    public async Task Amqps_to_the_plain_port_fails_saying_the_broker_does_not_speak_tls()
    {
        AmqpConnectionOptions options = TlsOptions(trustTestCa: true);
        options.Port = Broker.PlainPort;
        AmqpTlsMismatchException error = await Assert.ThrowsAsync<AmqpTlsMismatchException>(async () => await AmqpConnection.ConnectAsync(options));
        Assert.False(error.BrokerUsesTls);
        Assert.Contains($"localhost:{Broker.PlainPort} does not speak TLS", error.Message);
        Assert.DoesNotContain("guest", error.Message);
    }

    [BrokerFact]
    public async Task Sasl_external_authenticates_with_the_client_certificate()
    {
        AmqpConnectionOptions options = TlsOptions(trustTestCa: true, withClientCertificate: true);
        options.Mechanism = SaslMechanism.External;
        options.Password = "not used by EXTERNAL";

        await using AmqpConnection connection = await AmqpConnection.ConnectAsync(options);
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        Assert.True(channel.IsOpen);
    }
}
