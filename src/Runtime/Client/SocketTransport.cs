using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;

namespace TypedAmqp.Client;

/// <summary>
/// The connection's socket (with TLS over it for amqps), kept in blocking mode and read by a thread of its own.
/// </summary>
/// <remarks>
/// Why not async socket calls: the first one switches the socket to non-blocking mode for good, and from then on every
/// read that has to wait goes through the runtime's epoll thread and then a thread-pool wake-up. On a small machine
/// those context switches cost more than the protocol work: measured on a 2-core VM, consuming spent about 6 µs of
/// CPU per message that way against 2.5 µs with a thread blocked in the read, which the kernel wakes directly.
/// The socket is therefore connected, authenticated and read with blocking calls on <see cref="Thread"/>s owned by
/// the connection, and written by <see cref="ConnectionWriter"/>'s thread.
/// </remarks>
internal sealed class SocketTransport : IDuplexPipe, IAsyncDisposable
{
    private const int ReadSize = 64 * 1024;

    private readonly Socket _socket;
    private readonly Pipe _received;
    private readonly ReadLoopScheduler _readScheduler = new();
    private Stream? _stream;
    private int _disposed;

    [ThreadStatic]
    private static bool t_isReaderThread;

    private SocketTransport(Socket socket)
    {
        _socket = socket;
        _received = new Pipe(new PipeOptions(
            readerScheduler: _readScheduler,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 4 * 1024 * 1024,
            resumeWriterThreshold: 2 * 1024 * 1024,
            minimumSegmentSize: ReadSize,
            useSynchronizationContext: false));
    }

    /// <summary>Whether the current thread is a transport's reader thread, which must never wait to write.</summary>
    public static bool IsReaderThread => t_isReaderThread;

    /// <summary>What the broker sent.</summary>
    public PipeReader Input => _received.Reader;

    /// <summary>What goes to the broker; each flush is a blocking write.</summary>
    public PipeWriter Output { get; private set; } = null!;

    /// <summary>
    /// Connects (and authenticates TLS) on the new reader thread, which then keeps reading. Cancelling closes the
    /// socket, which ends a connect that is still waiting.
    /// </summary>
    public static Task<SocketTransport> ConnectAsync(AmqpConnectionOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var transport = new SocketTransport(socket);
        var connected = new TaskCompletionSource<SocketTransport>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => transport.Run(options, connected, cancellationToken))
        {
            IsBackground = true,
            Name = "TypedAmqp reader",
        };
        thread.Start();

        // A name lookup does not end when the socket is closed; the caller stops waiting anyway, and the thread closes
        // the socket once the lookup returns (it checks the token after connecting).
        return connected.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// From now on the connection's read loop continues on the reader thread as soon as data arrived, instead of
    /// through the thread pool. Called once the handshake is over: before that, the reads are awaited by the code
    /// that called ConnectAsync, which must not end up running on the reader thread.
    /// </summary>
    public void ContinueReadsOnReaderThread() => _readScheduler.RunOnReaderThread = true;

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Closing the socket ends a blocked read (and write) with an exception; the reader thread then exits.
            _stream?.Dispose();
            _socket.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void Run(AmqpConnectionOptions options, TaskCompletionSource<SocketTransport> connected, CancellationToken cancellationToken)
    {
        try
        {
            using (cancellationToken.Register(static state => ((Socket)state!).Dispose(), _socket))
            {
                _socket.Connect(options.Host, options.EffectivePort);
                Stream stream = new NetworkStream(_socket, ownsSocket: true);
                if (options.UseTls)
                {
                    var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                    stream = tls;
                    SslClientAuthenticationOptions tlsOptions = options.TlsOptions ?? new SslClientAuthenticationOptions();
                    tlsOptions.TargetHost ??= options.Host;
                    tls.AuthenticateAsClient(tlsOptions);
                }

                _stream = stream;
                Output = new BlockingStreamWriter(stream, _socket, Environment.CurrentManagedThreadId);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (Exception ex)
        {
            _stream?.Dispose();
            _socket.Dispose();
            if (cancellationToken.IsCancellationRequested) connected.TrySetCanceled(cancellationToken);
            else connected.TrySetException(ex);
            return;
        }

        connected.TrySetResult(this);
        t_isReaderThread = true;
        ReadUntilClosed(_stream);
    }

    private void ReadUntilClosed(Stream stream)
    {
        PipeWriter received = _received.Writer;
        try
        {
            while (true)
            {
                int count = stream.Read(received.GetMemory(ReadSize).Span);
                if (count == 0) break;

                received.Advance(count);

                // Runs the connection's read loop right here once ContinueReadsOnReaderThread was called. Waits only if
                // over 4 MiB are buffered, which happens only while the handshake is still reading from the pool.
                ValueTask<FlushResult> flush = received.FlushAsync();
                FlushResult result = flush.IsCompleted ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
                if (result.IsCompleted) break;
            }

            received.Complete();
        }
        catch (Exception ex)
        {
            // The socket closed under us (disposed, reset by the peer): the read loop sees this as the end of the stream.
            received.Complete(ex);
        }
    }
}
