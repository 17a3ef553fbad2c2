using System.IO.Pipelines;
using System.Net.Sockets;
using TypedAmqp.Tls;

namespace TypedAmqp.Amqp091;

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
    private readonly object _standbyGate = new(); // a monitor: guards the two below and wakes the thread standing by
    private readonly Queue<Func<bool>> _handedOnWork = new(); // hand-ons no thread has taken yet
    private int _standingBy; // threads waiting to be handed reading on (one at most)
    private volatile Func<bool>? _afterRead;
    private Stream? _stream;
    private BlockingStreamWriter? _output;
    private int _disposed;

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

    /// <summary>What the broker sent.</summary>
    public PipeReader Input => _received.Reader;

    /// <summary>
    /// Why reading the socket failed, once <see cref="Input"/> has completed because of a failure rather than the peer
    /// closing the socket; the reader reports it after it has read everything received before it.
    /// </summary>
    public Exception? ReadFailure { get; private set; }

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
    /// through the thread pool, and after each read the reader thread calls <paramref name="afterRead"/> (which runs
    /// the handlers the read brought, see <see cref="AmqpConnection"/>). Called once the handshake is over: before that,
    /// the reads are awaited by the code that called ConnectAsync, which must not end up running on the reader thread.
    /// </summary>
    /// <param name="readerBatch">
    /// Holds what the read loop and the handlers after it append; each thread that reads binds it to itself before it
    /// flushes what it read, and the read loop continues inline only on the thread that owns it.
    /// </param>
    /// <param name="afterRead">
    /// Must not throw. Returns false when, meanwhile, reading was handed to another thread (<see cref="HandReadingOn"/>):
    /// this thread then stops reading.
    /// </param>
    public void ContinueReadsOnReaderThread(Func<bool> afterRead, OutgoingBatch readerBatch)
    {
        _afterRead = afterRead;
        _readScheduler.ReaderBatch = readerBatch;
    }

    /// <summary>
    /// The thread reading the socket is stuck in a handler: another thread (one that was handed reading on before and
    /// now stands by, or a new one) runs <paramref name="first"/> — the rest of the stuck thread's work, with the same
    /// contract as the after-read callback — and then reads the socket from where the stuck thread left it.
    /// </summary>
    public void HandReadingOn(Func<bool> first)
    {
        lock (_standbyGate)
        {
            if (_disposed != 0) return;
            if (_standingBy > _handedOnWork.Count)
            {
                _handedOnWork.Enqueue(first);
                Monitor.Pulse(_standbyGate);
                return;
            }
        }

        StartReaderThread(() => ReadWhileThisThreadReads(first));
    }

    private static void StartReaderThread(ThreadStart read)
    {
        // UnsafeStart: a reader runs handlers, which must not inherit the execution context of whatever armed the
        // watchdog's timer.
        var thread = new Thread(read) { IsBackground = true, Name = "TypedAmqp reader" };
        thread.UnsafeStart();
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            lock (_standbyGate)
            {
                Monitor.PulseAll(_standbyGate); // threads standing by end
            }

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
                if (options.UseTls) stream = TlsHandshake.Authenticate(stream, options.TlsOptions, options.Host, options.HostAndPort, nameof(options.TlsOptions));

                _stream = stream;
                _output = new BlockingStreamWriter(stream, _socket);
                Output = _output;
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
        ReadWhileThisThreadReads(first: null);
    }

    /// <summary>
    /// Reads the socket on this thread until it closes; when reading is handed on meanwhile, stands by for the next
    /// hand-on (one thread at most stands by; any other ends).
    /// </summary>
    private void ReadWhileThisThreadReads(Func<bool>? first)
    {
        while (ReadUntilHandedOn(first))
        {
            first = StandBy();
            if (first is null) return;
        }
    }

    /// <summary>Reads the socket; true when reading was handed to another thread, false when the socket closed.</summary>
    private bool ReadUntilHandedOn(Func<bool>? first)
    {
        PipeWriter received = _received.Writer;
        try
        {
            // Taking reading over from a thread stuck in a handler: what that thread still sends is no longer held.
            _readScheduler.ReaderBatch?.BindToThisThread();
            if (first is not null && !first()) return true;
            while (true)
            {
                int count = _stream!.Read(received.GetMemory(ReadSize).Span);
                if (count == 0) break;

                received.Advance(count);

                // Bound before the flush, which runs the read loop right here when this thread owns the batch (from
                // the first read after ContinueReadsOnReaderThread on; a no-op after that).
                _readScheduler.ReaderBatch?.BindToThisThread();

                // Runs the connection's read loop right here once ContinueReadsOnReaderThread was called. Waits only if
                // over 4 MiB are buffered, which happens only while the handshake is still reading from the pool.
                ValueTask<FlushResult> flush = received.FlushAsync();
                FlushResult result = flush.IsCompleted ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
                if (_afterRead is { } afterRead && !afterRead()) return true;
                if (result.IsCompleted) break;
            }

            received.Complete();
        }
        catch (Exception ex)
        {
            // The socket closed under us (disposed, reset by the peer). The pipe is completed normally, with the failure
            // kept aside: a pipe completed with an exception throws at the next read even while bytes are buffered, which
            // would lose what the peer sent just before resetting (a TLS alert, a connection.close).
            ReadFailure = ex;
            received.Complete();
        }
        finally
        {
            OutgoingBatch.UnbindThisThread();
        }

        return false;
    }

    /// <summary>Waits to be handed reading on; null when another thread already stands by or the socket closed.</summary>
    private Func<bool>? StandBy()
    {
        lock (_standbyGate)
        {
            if (_standingBy > 0) return null;
            _standingBy++;
            while (_disposed == 0 && _handedOnWork.Count == 0) Monitor.Wait(_standbyGate);
            _standingBy--;
            return _disposed == 0 ? _handedOnWork.Dequeue() : null;
        }
    }
}
