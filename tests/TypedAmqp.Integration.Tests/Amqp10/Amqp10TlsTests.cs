using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Integration.Amqp10;

/// <summary>
/// AMQP 1.0 over TLS (amqps) against the broker's TLS listener, with the private CA and client certificate eng/broker.sh
/// made (RabbitMQ 4.0's are inside its root file system: set TYPEDAMQP_TLS_DIR to them when running against 4.0).
/// </summary>
public sealed class Amqp10TlsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string TlsDirectory => Broker.TlsDirectory;

    private static SslClientAuthenticationOptions Tls(bool trustTestCa = true, bool withClientCertificate = false, string? targetHost = null)
    {
        var tls = new SslClientAuthenticationOptions { TargetHost = targetHost };
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

        return tls;
    }

    private static Amqp10ConnectionOptions Options(SslClientAuthenticationOptions? tls, int? port = null, string host = "localhost", string? mechanism = null) => new()
    {
        Host = host,
        Port = port ?? Broker.TlsPort,
        Tls = tls,
        UserName = mechanism == "EXTERNAL" ? null : "guest",
        Password = mechanism == "EXTERNAL" ? null : "guest",
        SaslMechanism = mechanism,
        VirtualHost = "vhost:/",
        HandshakeTimeout = TimeSpan.FromSeconds(10),
    };

    private static async Task AssertSendsAndReceivesAsync(Amqp10Client client, Amqp10Broker broker, string text)
    {
        string queue = await broker.DeclareQueueAsync("tls");
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue));
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(broker.Address(queue));
        Amqp10DeliveryState? outcome = await sender.SendAsync(new Amqp10Message { Value = Amqp10Value.String(text) }).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, outcome?.Kind);
        Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(text, delivery.Message.Value!.Value.AsText);
        await receiver.AcceptAsync(delivery);
    }

    [BrokerFact]
    public async Task Plain_over_tls_with_a_trusted_server_certificate_sends_and_receives_without_allowing_insecure_mechanisms()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        Amqp10ConnectionOptions options = Options(Tls());
        Assert.False(options.AllowInsecureMechanisms);
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(options).AsTask().WaitAsync(Timeout);
        Assert.Equal($"amqps://localhost:{Broker.TlsPort}", client.Endpoint);
        await AssertSendsAndReceivesAsync(client, broker, "over tls");
    }

    [BrokerFact]
    public async Task The_server_certificate_is_validated_by_default()
    {
        AmqpTlsException error = await Assert.ThrowsAsync<AmqpTlsException>(() => Amqp10Client.ConnectAsync(Options(Tls(trustTestCa: false))).AsTask().WaitAsync(Timeout));
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, error.PolicyErrors);
        Assert.Contains($"localhost:{Broker.TlsPort}", error.Message, StringComparison.Ordinal);
        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.DoesNotContain("guest", error.ToString(), StringComparison.Ordinal);
    }

    [BrokerFact]
    public async Task The_target_host_is_the_name_checked_against_the_certificate()
    {
        // The certificate names localhost and 127.0.0.1: connecting to 127.0.0.1 under another target host fails on the name.
        AmqpTlsException error = await Assert.ThrowsAsync<AmqpTlsException>(
            () => Amqp10Client.ConnectAsync(Options(Tls(targetHost: "broker.elsewhere.example"), host: "127.0.0.1")).AsTask().WaitAsync(Timeout));
        Assert.Equal(SslPolicyErrors.RemoteCertificateNameMismatch, error.PolicyErrors);

        // Without one, the host connected to is the target host.
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options(Tls(), host: "127.0.0.1")).AsTask().WaitAsync(Timeout);
        Assert.Null(client.Failure);
    }

    [BrokerFact]
    public async Task Sasl_external_authenticates_with_the_client_certificate()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        Amqp10ConnectionOptions options = Options(Tls(withClientCertificate: true), mechanism: "EXTERNAL");
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(options).AsTask().WaitAsync(Timeout);
        Assert.Contains("EXTERNAL", client.ServerMechanisms);
        await AssertSendsAndReceivesAsync(client, broker, "as the certificate's user");
    }

    [BrokerFact]
    public async Task Sasl_external_without_a_client_certificate_is_refused_before_connecting()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Amqp10Client.ConnectAsync(Options(Tls(), mechanism: "EXTERNAL")).AsTask().WaitAsync(Timeout));
        Assert.Contains("client certificate", error.Message, StringComparison.Ordinal);
    }

    [BrokerFact]
    public async Task Plain_amqp_to_the_tls_port_fails_at_once_saying_the_broker_speaks_tls()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var options = new Amqp10ConnectionOptions
        {
            Host = "127.0.0.1", Port = Broker.TlsPort, UserName = "guest", Password = "guest", AllowInsecureMechanisms = true,
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        };
        AmqpTlsMismatchException error = await Assert.ThrowsAsync<AmqpTlsMismatchException>(() => Amqp10Client.ConnectAsync(options).AsTask().WaitAsync(Timeout));
        Assert.True(error.BrokerUsesTls);
        Assert.Contains($"127.0.0.1:{Broker.TlsPort} speaks TLS", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("guest", error.ToString(), StringComparison.Ordinal);
        Assert.True(started.Elapsed < options.HandshakeTimeout, $"took {started.Elapsed}: the handshake timeout, not the mismatch, ended it");
    }

    [BrokerFact]
    public async Task Amqps_to_the_plain_port_fails_at_once_saying_the_broker_does_not_speak_tls()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        Amqp10ConnectionOptions options = Options(Tls(), port: Broker.PlainPort);
        AmqpTlsMismatchException error = await Assert.ThrowsAsync<AmqpTlsMismatchException>(() => Amqp10Client.ConnectAsync(options).AsTask().WaitAsync(Timeout));
        Assert.False(error.BrokerUsesTls);
        Assert.Contains($"localhost:{Broker.PlainPort} does not speak TLS", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("guest", error.ToString(), StringComparison.Ordinal);
        Assert.True(started.Elapsed < options.HandshakeTimeout, $"took {started.Elapsed}: the handshake timeout, not the mismatch, ended it");
    }
}
