using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using TypedAmqp.Amqp091;
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

    [Fact]
    public async Task A_plain_connection_to_a_tls_port_fails_saying_the_broker_speaks_tls_and_names_the_endpoint()
    {
        using X509Certificate2 certificate = TestCertificates.SelfSignedServer();

        // Several times: whether the reset overtakes the alert in the client is a race, which must always go the same way.
        for (int attempt = 0; attempt < 10; attempt++)
        {
            using var listener = LoopbackListener.Start();
            var options = new AmqpConnectionOptions
            {
                Host = "127.0.0.1", Port = listener.Port, UserName = "alice", Password = "s3cret", ConnectionTimeout = TimeSpan.FromSeconds(10),
            };

            Task<AmqpConnection> connecting = AmqpConnection.ConnectAsync(options).AsTask();
            await using NetworkStream server = await listener.AcceptAsync();
            await using (var tls = new SslStream(server, leaveInnerStreamOpen: true))
            {
                // .NET's TLS server just hangs up on a hello that is not TLS; OpenSSL and RabbitMQ's Erlang TLS (seen on
                // the broker's 5671) first send a fatal unexpected_message alert, which this server sends likewise.
                await Assert.ThrowsAsync<AuthenticationException>(() => tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }));
            }

            await server.WriteAsync(new byte[] { 0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x0a });

            // Then, as RabbitMQ does, it resets the connection: the alert must still be read, not lost behind the reset.
            server.Socket.LingerState = new LingerOption(enable: true, seconds: 0);
            server.Socket.Close();

            AmqpTlsMismatchException error = await Assert.ThrowsAsync<AmqpTlsMismatchException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(error.BrokerUsesTls);
            Assert.Equal($"127.0.0.1:{listener.Port}", error.Endpoint);
            Assert.Contains($"127.0.0.1:{listener.Port} speaks TLS", error.Message);
            Assert.Contains("amqps://", error.Message);
            Assert.DoesNotContain("s3cret", error.Message);
            Assert.DoesNotContain("alice", error.Message);
        }
    }

    [Fact]
    public async Task A_tls_connection_to_a_plain_amqp_port_fails_saying_the_broker_does_not_speak_tls()
    {
        using var listener = LoopbackListener.Start();
        AmqpConnectionOptions options = TlsOptions(listener.Port, null);
        options.Password = "s3cret";

        Task<AmqpConnection> connecting = AmqpConnection.ConnectAsync(options).AsTask();
        await using (NetworkStream server = await listener.AcceptAsync())
        {
            // An AMQP 0-9-1 server answers a header it does not understand (here a TLS client hello) with its own
            // protocol header and closes the socket (spec 4.2.2), as RabbitMQ does on 5672.
            Assert.True(await server.ReadAsync(new byte[512]) > 0);
            await server.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray());
        }

        AmqpTlsMismatchException error = await Assert.ThrowsAsync<AmqpTlsMismatchException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(error.BrokerUsesTls);
        Assert.Contains($"localhost:{listener.Port} does not speak TLS", error.Message);
        Assert.Contains("amqp://", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [Fact]
    public async Task An_untrusted_server_certificate_fails_naming_the_endpoint_and_the_policy_errors()
    {
        using X509Certificate2 certificate = TestCertificates.SelfSignedServer();
        using var listener = LoopbackListener.Start();
        AmqpConnectionOptions options = TlsOptions(listener.Port, null); // the system's trust store knows no such root

        Task<AmqpConnection> connecting = AmqpConnection.ConnectAsync(options).AsTask();
        Task serving = ServeTlsUntilRefusedAsync(listener, certificate);

        AmqpTlsException error = await Assert.ThrowsAsync<AmqpTlsException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.IsNotType<AmqpTlsMismatchException>(error);
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, error.PolicyErrors);
        Assert.Contains($"localhost:{listener.Port}", error.Message);
        Assert.Contains("RemoteCertificateChainErrors", error.Message);
        Assert.Contains("UntrustedRoot", error.Message);
        Assert.IsType<AuthenticationException>(error.InnerException);
        await serving;
    }

    [Fact]
    public async Task A_certificate_for_another_host_fails_with_a_name_mismatch()
    {
        using X509Certificate2 certificate = TestCertificates.SelfSignedServer();
        using var listener = LoopbackListener.Start();
        var tls = new SslClientAuthenticationOptions { CertificateChainPolicy = TestCertificates.TrustOnly(certificate), TargetHost = "rabbit.example" };

        Task<AmqpConnection> connecting = AmqpConnection.ConnectAsync(TlsOptions(listener.Port, tls)).AsTask();
        Task serving = ServeTlsUntilRefusedAsync(listener, certificate);

        AmqpTlsException error = await Assert.ThrowsAsync<AmqpTlsException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(SslPolicyErrors.RemoteCertificateNameMismatch, error.PolicyErrors);
        Assert.Contains("RemoteCertificateNameMismatch", error.Message);
        await serving;
    }

    /// <summary>
    /// Accepts one client and offers <paramref name="certificate"/>, which the client is expected to refuse; with TLS 1.3
    /// the server's side of the handshake may complete first, and the refusal then only shows as the client hanging up.
    /// </summary>
    private static async Task ServeTlsUntilRefusedAsync(LoopbackListener listener, X509Certificate2 certificate)
    {
        await using NetworkStream server = await listener.AcceptAsync();
        await using var tls = new SslStream(server);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
            _ = await tls.ReadAsync(new byte[64]);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // The client's alert.
        }
    }
}
