using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Client;

/// <summary>amqps against in-process TLS listeners with certificates made by the test.</summary>
public sealed class TlsConnectionTests
{
    private static AmqpConnectionOptions TlsOptions(int port, SslClientAuthenticationOptions? tls) => new()
    {
        Host = "localhost",
        Port = port,
        UseTls = true,
        TlsOptions = tls,
        Heartbeat = TimeSpan.Zero,
        ConnectionTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task Connecting_leaves_the_callers_tls_options_unchanged_and_still_sends_the_host_name()
    {
        using X509Certificate2 certificate = TestCertificates.SelfSignedServer();
        using var listener = LoopbackListener.Start();
        var tls = new SslClientAuthenticationOptions { CertificateChainPolicy = TestCertificates.TrustOnly(certificate) };
        AmqpConnectionOptions options = TlsOptions(listener.Port, tls);

        Task<AmqpConnection> connecting = AmqpConnection.ConnectAsync(options).AsTask();
        SslStream server = await listener.AcceptTlsAsync(certificate);
        await using var broker = new FakeBroker();
        Task relay = broker.RelayAsync(server);
        await broker.RunHandshakeAsync();
        AmqpConnection connection = await connecting; // closed by the broker's disposal

        Assert.True(connection.IsOpen);
        Assert.Equal("localhost", server.TargetHostName); // the server name was still sent, from options.Host
        Assert.Same(tls, options.TlsOptions);
        Assert.Null(tls.TargetHost);
    }
}
