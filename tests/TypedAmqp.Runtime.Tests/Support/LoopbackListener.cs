using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace TypedAmqp.Tests.Support;

/// <summary>A TCP listener on 127.0.0.1 with a free port, standing in for a broker's plain or TLS port.</summary>
internal sealed class LoopbackListener : IDisposable
{
    private readonly TcpListener _listener;

    private LoopbackListener(TcpListener listener)
    {
        _listener = listener;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static LoopbackListener Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new LoopbackListener(listener);
    }

    /// <summary>Accepts the next connection as a plain stream.</summary>
    public async Task<NetworkStream> AcceptAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        Socket socket = await _listener.AcceptSocketAsync(cts.Token);
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Accepts the next connection and authenticates as a TLS server with <paramref name="certificate"/>.</summary>
    public async Task<SslStream> AcceptTlsAsync(X509Certificate2 certificate, TimeSpan? timeout = null)
    {
        NetworkStream plain = await AcceptAsync(timeout);
        var tls = new SslStream(plain, leaveInnerStreamOpen: false);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, cts.Token);
        return tls;
    }

    public void Dispose() => _listener.Dispose();
}
