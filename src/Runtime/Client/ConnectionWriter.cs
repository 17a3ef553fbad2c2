using System.IO.Pipelines;
using TypedAmqp.Buffers;

namespace TypedAmqp.Client;

/// <summary>
/// The connection's single writer. Callers append whole frames to a pending batch under a short lock (a memory copy,
/// never I/O), and one loop swaps the batch out and writes it to the transport's <see cref="PipeWriter"/>. Callers
/// therefore never queue behind a socket write; they wait only when the pending batch is over
/// <see cref="HighWatermark"/> bytes, which is how TCP back-pressure (and RabbitMQ's connection.blocked) reaches
/// publishers.
/// </summary>
internal sealed class ConnectionWriter
{
    public const int HighWatermark = 256 * 1024;

    private readonly Lock _gate = new();
    private readonly AsyncSignal _dataAvailable = new();
    private readonly PipeWriter _output;
    private readonly Action<Exception> _onFailure;
    private PooledBufferWriter _pending = new(16 * 1024);
    private PooledBufferWriter _draining = new(16 * 1024);
    private TaskCompletionSource? _capacityAvailable;
    private Exception? _closed;
    private bool _completing;
    private long _lastWriteTicks = Environment.TickCount64;
    private Task _loop = Task.CompletedTask;

    public ConnectionWriter(PipeWriter output, Action<Exception> onFailure)
    {
        _output = output;
        _onFailure = onFailure;
    }

    /// <summary><see cref="Environment.TickCount64"/> when bytes last went to the transport.</summary>
    public long LastWriteTicks => Volatile.Read(ref _lastWriteTicks);

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>
    /// Takes the lock for appending frames; dispose the scope to release it and wake the write loop. Throws the
    /// connection's close exception once the connection is closed.
    /// </summary>
    public WriteScope Acquire()
    {
        Lock.Scope scope = _gate.EnterScope();
        if (_closed is { } closed)
        {
            scope.Dispose();
            throw closed;
        }

        return new WriteScope(this, scope);
    }

    /// <summary>Completes at once unless the pending batch is over the high watermark.</summary>
    public ValueTask WaitForCapacityAsync(CancellationToken cancellationToken)
    {
        // Every publish and ack asks, so the common answer skips the lock; a stale read only delays back-pressure by one call.
        if (Volatile.Read(ref _pending).WrittenCount < HighWatermark) return default;

        Task wait;
        lock (_gate)
        {
            if (_pending.WrittenCount < HighWatermark || _closed is not null) return default;
            _capacityAvailable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _capacityAvailable.Task;
        }

        return new ValueTask(wait.WaitAsync(cancellationToken));
    }

    /// <summary>Refuses further frames with <paramref name="reason"/> and wakes anyone waiting for capacity.</summary>
    public void Close(Exception reason)
    {
        TaskCompletionSource? waiters;
        lock (_gate)
        {
            _closed ??= reason;
            waiters = _capacityAvailable;
            _capacityAvailable = null;
        }

        waiters?.TrySetResult();
        _dataAvailable.Set();
    }

    /// <summary>Writes what is pending, then stops the loop and completes the transport's writer.</summary>
    public async ValueTask CompleteAsync()
    {
        lock (_gate)
        {
            _completing = true;
        }

        _dataAvailable.Set();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        finally
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void Release(Lock.Scope scope)
    {
        scope.Dispose();
        _dataAvailable.Set();
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                await _dataAvailable.WaitAsync().ConfigureAwait(false);
                PooledBufferWriter batch;
                TaskCompletionSource? capacityWaiters = null;
                lock (_gate)
                {
                    if (_pending.WrittenCount == 0)
                    {
                        if (_completing || _closed is not null) break;
                        continue;
                    }

                    batch = _pending;
                    _pending = _draining;
                    _draining = batch;
                    capacityWaiters = _capacityAvailable;
                    _capacityAvailable = null;
                }

                capacityWaiters?.TrySetResult();
                CopyToOutput(batch.WrittenSpan);
                batch.Clear();
                FlushResult result = await _output.FlushAsync().ConfigureAwait(false);
                Volatile.Write(ref _lastWriteTicks, Environment.TickCount64);
                if (result.IsCompleted || result.IsCanceled)
                {
                    throw new IOException("The transport stopped accepting data.");
                }
            }
        }
        catch (Exception ex)
        {
            _onFailure(ex);
        }
    }

    private void CopyToOutput(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            Span<byte> span = _output.GetSpan(Math.Min(bytes.Length, 64 * 1024));
            int count = Math.Min(span.Length, bytes.Length);
            bytes[..count].CopyTo(span);
            _output.Advance(count);
            bytes = bytes[count..];
        }
    }

    /// <summary>Holds the writer's lock while frames are appended to <see cref="Buffer"/>.</summary>
    public ref struct WriteScope
    {
        private readonly ConnectionWriter _owner;
        private Lock.Scope _scope;
        private bool _released;

        internal WriteScope(ConnectionWriter owner, Lock.Scope scope)
        {
            _owner = owner;
            _scope = scope;
        }

        public readonly PooledBufferWriter Buffer => _owner._pending;

        public void Dispose()
        {
            if (_released) return;
            _released = true;
            _owner.Release(_scope);
        }
    }
}
