using System.Buffers;

namespace TypedAmqp.Buffers;

/// <summary>
/// A growable buffer over arrays rented from <see cref="ArrayPool{T}.Shared"/>. Reused with <see cref="Clear"/>, so
/// in steady state writing into it allocates nothing; a buffer grown past <see cref="BufferRetention.MaxRetainedBytes"/>
/// is let go at the next <see cref="Clear"/>.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private readonly int _initialCapacity;
    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity = 4096)
    {
        _initialCapacity = initialCapacity;
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int WrittenCount => _written;

    /// <summary>The size of the array held now.</summary>
    public int Capacity => _buffer.Length;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>
    /// Empties the buffer for reuse. One that grew very large (a big message) is let go and replaced by one of the initial
    /// size: these writers live as long as their thread or connection, and must not hold a big message's memory that long.
    /// </summary>
    public void Clear()
    {
        _written = 0;
        if (_buffer.Length > BufferRetention.MaxRetainedBytes)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(_initialCapacity);
        }
    }

    /// <summary>Drops everything written after <paramref name="position"/>, undoing a half-written message.</summary>
    public void Truncate(int position)
    {
        if ((uint)position > (uint)_written) throw new ArgumentOutOfRangeException(nameof(position));
        _written = position;
    }

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Cannot advance {count} bytes past the {_buffer.Length - _written} that were requested.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _written = 0;
        BufferRetention.Return(buffer);
    }

    private void EnsureCapacity(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 256;
        if (_buffer.Length - _written >= sizeHint) return;
        int newSize = Math.Max(_buffer.Length * 2, _written + sizeHint);
        byte[] larger = ArrayPool<byte>.Shared.Rent(newSize);
        _buffer.AsSpan(0, _written).CopyTo(larger);
        BufferRetention.Return(_buffer);
        _buffer = larger;
    }
}
