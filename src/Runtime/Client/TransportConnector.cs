using System.Net.Security;
using System.Net.Sockets;

namespace TypedAmqp.Client;

/// <summary>Opens the TCP socket, and TLS on top of it for amqps.</summary>
internal static class TransportConnector
{
    public static async ValueTask<StreamDuplexPipe> ConnectAsync(AmqpConnectionOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.EffectivePort, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.UseTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                SslClientAuthenticationOptions tlsOptions = options.TlsOptions ?? new SslClientAuthenticationOptions();
                tlsOptions.TargetHost ??= options.Host;
                await tls.AuthenticateAsClientAsync(tlsOptions, cancellationToken).ConfigureAwait(false);
            }

            return new StreamDuplexPipe(stream);
        }
        catch
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            else socket.Dispose();
            throw;
        }
    }
}
