using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// Writing frames: one frame buffer (the negotiated max-frame-size) guarded by the write lock; a caller takes the lock,
/// encodes its frame into the buffer, writes and flushes it, and lets go. Nothing waits for credit or a window while
/// holding it.
/// </summary>
internal sealed partial class Amqp10Connection
{
    /// <summary>Frames written closer than this one after another are a run; see <see cref="BurstLength"/>.</summary>
    private static readonly TimeSpan IdleGap = TimeSpan.FromMicroseconds(50);

    /// <summary>
    /// A frame is part of a burst, and its flush is left to the thread pool, once this many frames before it came in a
    /// run: a send loop's frames do, while the two or three frames of a request, a reply or a settlement followed by the
    /// next send do not, and are flushed at once.
    /// </summary>
    private const int BurstLength = 2;

    /// <summary>The most that waits in the output for the next holder's frames or the scheduled flush.</summary>
    private const int MaxUnflushed = 64 * 1024;

    private readonly AsyncLock _writeLock = new();
    private readonly ScheduledFlush _scheduledFlush;
    private byte[] _writeBuffer;
    private bool _unflushed; // frames written to the output and not flushed yet (under the write lock)
    private int _flushScheduled; // 1 while a ScheduledFlush is queued or running
    private long _lastAppendTimestamp; // under the write lock
    private int _framesInRun; // frames written, each within IdleGap of the one before, since the last pause (under the write lock)
    private readonly byte[] _tagBuffer = new byte[4]; // a delivery tag (the delivery id's 4 octets), under the write lock
    private long _lastWriteTicks = Environment.TickCount64;

    private delegate void PerformativeWriter<T>(T performative, ref Amqp10Writer writer);

    /// <summary>Writes one performative (not a transfer) on <paramref name="channel"/>.</summary>
    internal async ValueTask WriteAsync(ushort channel, Amqp10Begin begin, CancellationToken cancellationToken) =>
        await WriteFrameAsync(channel, begin, static (p, ref w) => p.Write(ref w), cancellationToken).ConfigureAwait(false);

    internal async ValueTask WriteAsync(ushort channel, Amqp10Attach attach, CancellationToken cancellationToken) =>
        await WriteFrameAsync(channel, attach, static (p, ref w) => p.Write(ref w), cancellationToken).ConfigureAwait(false);

    internal async ValueTask WriteAsync(ushort channel, Amqp10Detach detach, CancellationToken cancellationToken) =>
        await WriteFrameAsync(channel, detach, static (p, ref w) => p.Write(ref w), cancellationToken).ConfigureAwait(false);

    internal async ValueTask WriteAsync(ushort channel, Amqp10End end, CancellationToken cancellationToken) =>
        await WriteFrameAsync(channel, end, static (p, ref w) => p.Write(ref w), cancellationToken).ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    internal async ValueTask WriteAsync(ushort channel, Amqp10Flow flow, CancellationToken cancellationToken) =>
        await WriteFrameAsync(channel, flow, static (p, ref w) => p.Write(ref w), cancellationToken).ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    internal async ValueTask WriteAsync(ushort channel, Amqp10Disposition disposition, CancellationToken cancellationToken) =>
        await WriteFrameAsync(channel, disposition, static (p, ref w) => p.Write(ref w), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Writes close and flushes it at once, with whatever waits before it: the socket may be closed right after (the
    /// peer's close answered, a protocol error), so it is neither handed to the next holder nor left to a scheduled flush.
    /// </summary>
    private async ValueTask WriteCloseAsync(Amqp10Error? error, CancellationToken cancellationToken)
    {
        await _writeLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AppendFrame(Encode(0, new Amqp10Close { Error = error }, static (p, ref w) => p.Write(ref w)));
            await FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    /// <summary>
    /// Before the transport goes: flushes what still waits in the output (a burst's last frames, frames handed to a
    /// holder), waiting a second at most for the write lock. A flush that fails here fails nothing: the connection is ending.
    /// </summary>
    private async ValueTask DrainWritesAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _writeLock.EnterAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // a holder is stuck in a write to a peer that does not read: what waits is lost with the socket
        }

        try
        {
            if (_unflushed)
            {
                _unflushed = false;
                await _output.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The socket is gone already.
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    private async ValueTask WriteFrameAsync<T>(ushort channel, T performative, PerformativeWriter<T> write, CancellationToken cancellationToken)
    {
        await _writeLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AppendFrame(Encode(channel, performative, write));
        }
        finally
        {
            await ReleaseWriteAsync().ConfigureAwait(false);
        }
    }

    private int Encode<T>(ushort channel, T performative, PerformativeWriter<T> write)
    {
        var writer = new Amqp10Writer(_writeBuffer.AsSpan(Amqp10FrameHeader.Size));
        write(performative, ref writer);
        int size = Amqp10FrameHeader.Size + writer.Written;
        Amqp10FrameHeader.Write(_writeBuffer, (uint)size, Amqp10FrameType.Amqp, channel);
        return size;
    }

    /// <summary>Takes the write lock; the caller releases it with <see cref="ReleaseWriteAsync"/>.</summary>
    internal ValueTask AcquireWriteAsync(CancellationToken cancellationToken) => _writeLock.EnterAsync(cancellationToken);

    /// <summary>
    /// Lets go of the write lock. Frames written and not yet flushed leave in one socket write with others where that
    /// costs them little: with the frames of the next holder when one is waiting; in a burst (<see cref="BurstLength"/>),
    /// with whatever follows within a flush scheduled on the thread pool; otherwise at once (a request, a reply, a send
    /// after a pause). At most <see cref="MaxUnflushed"/> bytes wait, and frames never wait with nobody to flush them.
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    internal async ValueTask ReleaseWriteAsync()
    {
        if (!_unflushed)
        {
            _writeLock.Exit();
            return;
        }

        bool small = !_output.CanGetUnflushedBytes || _output.UnflushedBytes < MaxUnflushed;
        if (small && _writeLock.TryHandOver()) return; // the next holder writes after these and flushes them with its own
        if (small && _framesInRun >= BurstLength)
        {
            // A flush scheduled earlier has not taken the lock yet (it clears the flag once it holds it): it takes these too.
            bool scheduled = Interlocked.Exchange(ref _flushScheduled, 1) == 1;
            _writeLock.Exit();
            if (!scheduled) ThreadPool.UnsafeQueueUserWorkItem(_scheduledFlush, preferLocal: false);
            return;
        }

        try
        {
            await FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    /// <summary>
    /// Writes one transfer frame of a delivery, the write lock held by the caller: the performative, then as much of
    /// <paramref name="payload"/> as the frame holds. Returns how much payload it took; <c>more</c> is set when some is
    /// left. The first frame (<paramref name="deliveryId"/> set) carries the delivery id, tag, format and settlement,
    /// the ones after only the handle.
    /// </summary>
    internal int WriteTransferLocked(ushort channel, uint handle, uint? deliveryId, uint tag, bool settled, ReadOnlySpan<byte> payload)
    {
        (int size, int taken) = EncodeTransfer(channel, handle, deliveryId, tag, settled, payload);
        AppendFrame(size);
        return taken;
    }

    private (int Size, int Taken) EncodeTransfer(ushort channel, uint handle, uint? deliveryId, uint tag, bool settled, ReadOnlySpan<byte> payload)
    {
        Span<byte> tagBytes = _tagBuffer;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(tagBytes, tag);
        bool first = deliveryId.HasValue;
        Span<byte> body = _writeBuffer.AsSpan(Amqp10FrameHeader.Size);

        // more=true and more=false encode to the same length, so one trial write tells how much payload fits.
        var writer = new Amqp10Writer(body);
        WriteTransfer(ref writer, handle, deliveryId, first, tagBytes, settled, more: true);
        int room = body.Length - writer.Written;
        bool more = payload.Length > room;
        if (!more)
        {
            writer = new Amqp10Writer(body);
            WriteTransfer(ref writer, handle, deliveryId, first, tagBytes, settled, more: false);
        }

        int taken = Math.Min(room, payload.Length);
        payload[..taken].CopyTo(body[writer.Written..]);
        int size = Amqp10FrameHeader.Size + writer.Written + taken;
        Amqp10FrameHeader.Write(_writeBuffer, (uint)size, Amqp10FrameType.Amqp, channel);
        return (size, taken);
    }

    private static void WriteTransfer(ref Amqp10Writer writer, uint handle, uint? deliveryId, bool first, ReadOnlySpan<byte> tag, bool settled, bool more)
    {
        var transfer = new Amqp10Transfer
        {
            Handle = handle,
            DeliveryId = deliveryId,
            HasDeliveryTag = first,
            DeliveryTag = first ? tag : default,
            MessageFormat = first ? 0u : null,
            Settled = first ? settled : null,
            More = more,
        };
        transfer.Write(ref writer);
    }

    /// <summary>Under the write lock: copies the encoded frame into the output, to be flushed when the lock is let go (<see cref="ReleaseWriteAsync"/>).</summary>
    private void AppendFrame(int size)
    {
        try
        {
            _output.Write(_writeBuffer.AsSpan(0, size));
            _unflushed = true;
            long now = Stopwatch.GetTimestamp();
            _framesInRun = Stopwatch.GetElapsedTime(_lastAppendTimestamp, now) < IdleGap ? _framesInRun + 1 : 0;
            _lastAppendTimestamp = now;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            throw WriteFailed(e);
        }
    }

    /// <summary>Under the write lock: sends what the output holds.</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    private async ValueTask FlushAsync()
    {
        _unflushed = false;
        try
        {
            await _output.FlushAsync().ConfigureAwait(false);
            NoteFlushed();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            throw WriteFailed(e);
        }
    }

    /// <summary>Under the write lock, after a flush: when the output last went to the socket.</summary>
    private void NoteFlushed()
    {
        Volatile.Write(ref _lastWriteTicks, Environment.TickCount64);
    }

    private Amqp10ClosedException WriteFailed(Exception e)
    {
        var lost = new Amqp10ClosedException("connection", $"writing to {_options.Endpoint} failed", innerException: e);
        Fail(lost);
        return lost;
    }

    /// <summary>
    /// The flush a burst of frames leaves to the thread pool (see <see cref="ReleaseWriteAsync"/>): it takes the write
    /// lock and flushes everything written by then. One per connection, queued as its own work item, and written with
    /// callbacks rather than as an async method: nobody awaits it, and an async method nobody awaits would leave its
    /// pooled box unreturned. One runs at a time: the next is scheduled only after this one took the lock, and it is done
    /// with its fields before it lets the lock go.
    /// </summary>
    private sealed class ScheduledFlush : IThreadPoolWorkItem
    {
        private readonly Amqp10Connection _connection;
        private readonly Action _entered;
        private readonly Action _flushed;
        private ValueTask _enter;
        private ValueTask<FlushResult> _flush;

        public ScheduledFlush(Amqp10Connection connection)
        {
            _connection = connection;
            _entered = Entered;
            _flushed = Flushed;
        }

        public void Execute()
        {
            _enter = _connection._writeLock.EnterAsync(CancellationToken.None);
            if (_enter.IsCompleted) Entered();
            else _enter.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_entered);
        }

        private void Entered()
        {
            ValueTask enter = _enter;
            _enter = default;
            enter.GetAwaiter().GetResult(); // gives the pooled wait back

            // Cleared once the lock is held: frames a holder writes from now on schedule a flush of their own if needed.
            Volatile.Write(ref _connection._flushScheduled, 0);
            if (!_connection._unflushed)
            {
                _connection._writeLock.Exit();
                return;
            }

            _connection._unflushed = false;
            try
            {
                _flush = _connection._output.FlushAsync();
            }
            catch (Exception e)
            {
                // On the pool, with nobody to throw to: whatever failed the write fails the connection, and reports it.
                _connection.WriteFailed(e);
                _connection._writeLock.Exit();
                return;
            }

            if (_flush.IsCompleted) Flushed();
            else _flush.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_flushed);
        }

        private void Flushed()
        {
            ValueTask<FlushResult> flush = _flush;
            _flush = default;
            try
            {
                flush.GetAwaiter().GetResult();
                _connection.NoteFlushed();
            }
            catch (Exception e)
            {
                _connection.WriteFailed(e); // on the pool, with nobody to throw to: Fail reports it to everything waiting on the connection
            }
            finally
            {
                _connection._writeLock.Exit();
            }
        }
    }

    /// <summary>
    /// Sends an empty frame when nothing was written for half the peer's idle-time-out, and closes the connection with
    /// amqp:resource-limit-exceeded when nothing was read for this side's (part 2 section 2.4.5).
    /// </summary>
    private async Task HeartbeatLoopAsync()
    {
        long peerIdle = RemoteOpen.IdleTimeOut is { } t and > 0 ? t : 0;
        long ownIdle = (long)_options.IdleTimeout.TotalMilliseconds;
        long sendEvery = peerIdle / 2;
        long check = Math.Max(50, Math.Min(sendEvery > 0 ? sendEvery / 2 : long.MaxValue, ownIdle > 0 ? ownIdle / 4 : long.MaxValue));
        if (check == long.MaxValue) return;
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(check));
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                if (ownIdle > 0 && now - Volatile.Read(ref _lastReadTicks) > ownIdle)
                {
                    var silent = new Amqp10ClosedException("connection", $"{_options.Endpoint} sent nothing for {ownIdle} ms, the idle timeout");
                    await TryWriteCloseAsync(new Amqp10Error(Amqp10Conditions.ResourceLimitExceeded, "idle timeout expired"), silent).ConfigureAwait(false);
                    Fail(silent);
                    await DrainWritesAsync().ConfigureAwait(false);
                    await _transport.DisposeAsync().ConfigureAwait(false);
                    return;
                }

                if (sendEvery > 0 && now - Volatile.Read(ref _lastWriteTicks) >= sendEvery)
                {
                    await _writeLock.EnterAsync(_stopping.Token).ConfigureAwait(false);
                    try
                    {
                        Amqp10FrameHeader.EmptyFrame.CopyTo(_writeBuffer);
                        AppendFrame(Amqp10FrameHeader.Size);
                    }
                    finally
                    {
                        await ReleaseWriteAsync().ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or Amqp10ClosedException or ObjectDisposedException)
        {
            // Stopping, or the socket is gone: the read loop or DisposeAsync reports it.
        }
    }

    /// <summary>
    /// Sends close with an error, giving up after a second (the connection is failing anyway): the connection counts as
    /// stopped, with <paramref name="reason"/>, from before the close is written.
    /// </summary>
    private async Task TryWriteCloseAsync(Amqp10Error error, Exception reason)
    {
        lock (Sync)
        {
            if (_closeSent) return;
            _closeSent = true;
            StopLocked(reason);
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await WriteCloseAsync(error, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or Amqp10ClosedException or ObjectDisposedException)
        {
            // Best effort only.
        }
    }
}
