namespace TypedAmqp.Tls;

/// <summary>
/// Passes everything through to the socket's stream and keeps a copy of the first bytes read, so that a failed TLS
/// handshake can tell what the peer answered with (a plain AMQP protocol header, for one).
/// </summary>
internal sealed class FirstBytesStream(Stream inner) : Stream
{
    private const int Kept = 8;

    private readonly byte[] _first = new byte[Kept];
    private int _firstCount;

    /// <summary>The first bytes read from the peer (at most eight).</summary>
    public ReadOnlySpan<byte> First => _first.AsSpan(0, _firstCount);

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        Keep(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Keep(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    private void Keep(ReadOnlySpan<byte> read)
    {
        if (_firstCount == Kept) return;
        int count = Math.Min(read.Length, Kept - _firstCount);
        read[..count].CopyTo(_first.AsSpan(_firstCount));
        _firstCount += count;
    }
}
