using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Amqp10.Connection;

/// <summary>The AMQP 1.0 transport's TLS: against an in-process TLS server that records what the client presented.</summary>
public sealed class Amqp10TlsHandshakeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_client_sends_the_target_host_as_SNI_presents_its_certificate_and_speaks_AMQP_inside_TLS()
    {
        using X509Certificate2 server = TestCertificates.SelfSignedServer("tls-peer.example");
        using X509Certificate2 clientCertificate = TestCertificates.SelfSignedServer("client.example");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        string? sni = null;
        X509Certificate? presented = null;
        byte[] header = new byte[8];
        Task serving = Task.Run(async () =>
        {
            using Socket socket = await listener.AcceptSocketAsync();
            await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = server,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            });
            sni = tls.TargetHostName;
            presented = tls.RemoteCertificate;
            await tls.ReadExactlyAsync(header);
        });

        RemoteCertificateValidationCallback accept = (_, certificate, _, _) => certificate?.Subject == "CN=tls-peer.example";
        var tlsOptions = new SslClientAuthenticationOptions
        {
            TargetHost = "sni.example",
            ClientCertificates = [clientCertificate],
            RemoteCertificateValidationCallback = accept,
        };
        var options = new Amqp10ConnectionOptions { Host = "127.0.0.1", Port = port, Tls = tlsOptions, HandshakeTimeout = TimeSpan.FromSeconds(5) };
        Task<Amqp10Client> connecting = Amqp10Client.ConnectAsync(options).AsTask();
        await serving.WaitAsync(Timeout);

        Assert.Equal("sni.example", sni);
        Assert.Equal(clientCertificate.Thumbprint, new X509Certificate2(presented!).Thumbprint);
        Assert.Equal(Amqp10ProtocolHeader.Sasl.ToArray(), header); // the SASL protocol header, decrypted by the server
        Assert.Same(accept, tlsOptions.RemoteCertificateValidationCallback); // the caller's object is left as it was
        await Assert.ThrowsAsync<Amqp10ClosedException>(() => connecting.WaitAsync(Timeout)); // the server hung up after the header
    }

    [Fact]
    public async Task A_certificate_the_callback_refuses_is_an_AmqpTlsException_naming_the_endpoint_and_the_policy_errors()
    {
        using X509Certificate2 server = TestCertificates.SelfSignedServer("tls-peer.example");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task serving = Task.Run(async () =>
        {
            using Socket socket = await listener.AcceptSocketAsync();
            await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = server });
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                // The client refused the certificate and hung up.
            }
        });

        var options = new Amqp10ConnectionOptions
        {
            Host = "127.0.0.1", Port = port, Tls = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => false },
        };
        AmqpTlsException error = await Assert.ThrowsAsync<AmqpTlsException>(() => Amqp10Client.ConnectAsync(options).AsTask().WaitAsync(Timeout));
        Assert.Contains($"certificate of 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.True(error.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors), $"policy errors: {error.PolicyErrors}"); // self-signed
        await serving.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Plain_over_tcp_is_refused_before_connecting_and_external_needs_a_client_certificate()
    {
        var plain = new Amqp10ConnectionOptions { Host = "127.0.0.1", Port = 1, UserName = "bob", Password = "secret-pw" };
        AmqpAuthenticationException refused = await Assert.ThrowsAsync<AmqpAuthenticationException>(() => Amqp10Client.ConnectAsync(plain).AsTask());
        Assert.Contains("unencrypted", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", refused.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", plain.ToString(), StringComparison.Ordinal);

        var external = new Amqp10ConnectionOptions { Host = "127.0.0.1", Port = 1, SaslMechanism = "EXTERNAL" };
        await Assert.ThrowsAsync<ArgumentException>(() => Amqp10Client.ConnectAsync(external).AsTask());
    }

    private static IEnumerable<PropertyInfo> Settable() =>
        typeof(SslClientAuthenticationOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);
}
