using System.IO.Pipelines;

namespace TypedAmqp.Tests.Support;

/// <summary>
/// A transport output that keeps what each flush wrote as one write, so a test can tell how frames were grouped into
/// writes (which an in-memory pipe's reader cannot: it sees consecutive flushes as one stream).
/// </summary>
internal sealed class RecordingPipeWriter : PipeWriter
{
    private readonly Lock _gate = new();
    private readonly List<byte[]> _writes = [];
    private byte[] _buffer = new byte[4096];
    private int _written;

    /// <summary>The writes so far, each as the bytes one flush carried.</summary>
    public IReadOnlyList<byte[]> Writes
    {
        get
        {
            lock (_gate) return [.. _writes];
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> writes have been flushed.</summary>
    public async Task<IReadOnlyList<byte[]>> WaitForWritesAsync(int count, TimeSpan timeout)
    {
        var timer = System.Diagnostics.Stopwatch.StartNew();
        while (Writes.Count < count)
        {
            if (timer.Elapsed > timeout) throw new TimeoutException($"{Writes.Count} of {count} writes after {timeout}.");
            await Task.Delay(5);
        }

        return Writes;
    }

    public override void Advance(int bytes) => _written += bytes;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        int needed = _written + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length) Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        return _buffer.AsMemory(_written);
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_written > 0) _writes.Add(_buffer.AsSpan(0, _written).ToArray());
        }

        _written = 0;
        return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
    }

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }
}
