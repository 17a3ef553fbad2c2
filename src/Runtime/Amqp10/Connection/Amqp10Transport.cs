using System.IO.Pipelines;
using System.Net.Sockets;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A plain TCP socket as a pair of pipes. Minimal on purpose: the 0-9-1 client's SocketTransport (blocking reader
/// thread, TLS) is tied to its own options and scheduler; sharing it is later work, as is TLS here.
/// </summary>
internal sealed class Amqp10Transport : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private Amqp10Transport(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public static async Task<Amqp10Transport> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new Amqp10Transport(socket);
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
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
