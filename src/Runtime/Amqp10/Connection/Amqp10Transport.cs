using System.IO.Pipelines;
using System.Net.Sockets;
using TypedAmqp.Tls;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A TCP socket, with TLS over it when the options ask for it, as a pair of pipes. Minimal on purpose: the 0-9-1
/// client's SocketTransport (blocking reader thread) is tied to its own options and scheduler.
/// </summary>
internal sealed class Amqp10Transport : IAmqp10Transport
{
    private readonly Socket _socket;
    private readonly Stream _stream;

    private Amqp10Transport(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    /// <summary>Connects the socket and, with <see cref="Amqp10ConnectionOptions.Tls"/> set, authenticates TLS over it.</summary>
    public static async Task<Amqp10Transport> ConnectAsync(Amqp10ConnectionOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is not null) stream = await TlsHandshake.AuthenticateAsync(stream, options.Tls, options.Host, options.HostAndPort, nameof(options.Tls), cancellationToken).ConfigureAwait(false);
            return new Amqp10Transport(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Closes the socket, which ends a read or a flush waiting on it (they fail). The pipes are not completed here: a
    /// read or flush may still be running on another thread, and completing a pipe under it is not safe.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // TLS tries to send close_notify over the socket just closed.
        }
    }
}
