using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace TypedAmqp.Amqp091;

/// <summary>
/// A <see cref="PipeWriter"/> over a blocking stream: bytes are buffered, and <see cref="FlushAsync"/> writes them with
/// one blocking call and completes synchronously. Only <see cref="ConnectionWriter"/>'s own thread flushes it, so a
/// write that waits for TCP back-pressure blocks nobody else.
/// </summary>
internal sealed class BlockingStreamWriter : PipeWriter
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly Socket _socket;
    private readonly ArrayBufferWriter<byte> _buffer = new(BufferSize);
    private bool _completed;

    /// <param name="stream">The socket's stream (TLS included).</param>
    /// <param name="socket">The socket, polled for room.</param>
    public BlockingStreamWriter(Stream stream, Socket socket)
    {
        _stream = stream;
        _socket = socket;
    }

    /// <summary>Whether the socket's send buffer has room, so a small write returns at once.</summary>
    public bool CanWriteWithoutWaiting
    {
        get
        {
            try
            {
                return _socket.Poll(0, SelectMode.SelectWrite);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return false; // let the writer's thread meet the error
            }
        }
    }

    public override void Advance(int bytes) => _buffer.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        WriteIfFull();
        return _buffer.GetMemory(sizeHint);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        WriteIfFull();
        return _buffer.GetSpan(sizeHint);
    }

    public override void CancelPendingFlush()
    {
        // Flushes never wait asynchronously, so there is nothing to cancel.
    }

    public override void Complete(Exception? exception = null) => _completed = true;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_completed) return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: true));
        WriteBuffered();
        return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
    }

    /// <summary>Keeps the buffer at about <see cref="BufferSize"/>: a large batch goes out in pieces of that size.</summary>
    private void WriteIfFull()
    {
        if (_buffer.WrittenCount >= BufferSize) WriteBuffered();
    }

    private void WriteBuffered()
    {
        if (_buffer.WrittenCount == 0) return;
        _stream.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }
}
