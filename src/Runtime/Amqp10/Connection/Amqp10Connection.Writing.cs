using System.Buffers;
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
    private readonly AsyncLock _writeLock = new();
    private byte[] _writeBuffer;
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

    private async ValueTask WriteCloseAsync(Amqp10Error? error, CancellationToken cancellationToken) =>
        await WriteFrameAsync(0, new Amqp10Close { Error = error }, static (p, ref w) => p.Write(ref w), cancellationToken).ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    private async ValueTask WriteFrameAsync<T>(ushort channel, T performative, PerformativeWriter<T> write, CancellationToken cancellationToken)
    {
        await _writeLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int size = Encode(channel, performative, write);
            await FlushFrameAsync(size).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Exit();
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

    /// <summary>Takes the write lock; the caller releases it with <see cref="ReleaseWrite"/>.</summary>
    internal ValueTask AcquireWriteAsync(CancellationToken cancellationToken) => _writeLock.EnterAsync(cancellationToken);

    internal void ReleaseWrite() => _writeLock.Exit();

    /// <summary>
    /// Writes one transfer frame of a delivery, the write lock held by the caller: the performative, then as much of
    /// <paramref name="payload"/> as the frame holds. Returns how much payload it took; <c>more</c> is set when some is
    /// left. The first frame (<paramref name="deliveryId"/> set) carries the delivery id, tag, format and settlement,
    /// the ones after only the handle.
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    internal async ValueTask<int> WriteTransferLockedAsync(ushort channel, uint handle, uint? deliveryId, uint tag, bool settled, ReadOnlyMemory<byte> payload)
    {
        (int size, int taken) = EncodeTransfer(channel, handle, deliveryId, tag, settled, payload.Span);
        await FlushFrameAsync(size).ConfigureAwait(false);
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

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    private async ValueTask FlushFrameAsync(int size)
    {
        try
        {
            _output.Write(_writeBuffer.AsSpan(0, size));
            await _output.FlushAsync().ConfigureAwait(false);
            Volatile.Write(ref _lastWriteTicks, Environment.TickCount64);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            var lost = new Amqp10ClosedException("connection", $"writing to {_options.Endpoint} failed", innerException: e);
            Fail(lost);
            throw lost;
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
                    await _transport.DisposeAsync().ConfigureAwait(false);
                    return;
                }

                if (sendEvery > 0 && now - Volatile.Read(ref _lastWriteTicks) >= sendEvery)
                {
                    await _writeLock.EnterAsync(_stopping.Token).ConfigureAwait(false);
                    try
                    {
                        Amqp10FrameHeader.EmptyFrame.CopyTo(_writeBuffer);
                        await FlushFrameAsync(Amqp10FrameHeader.Size).ConfigureAwait(false);
                    }
                    finally
                    {
                        _writeLock.Exit();
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
