using System.Buffers;

namespace TypedAmqp.Buffers;

/// <summary>
/// Buffers one owner keeps for its own uses at once (a sender link's messages encoded and waiting for their turn),
/// within a byte budget (256 KiB by default). The shared pool keeps only a few arrays of a size per core, so a few hundred messages encoded
/// at once would each cost a new array; these come back here instead. Beyond the budget they go to the shared pool, as
/// <see cref="BufferRetention"/> allows.
/// </summary>
internal sealed class SpareBuffers
{
    private readonly Stack<byte[]> _buffers = new(); // locked
    private readonly int _budget;
    private int _retained; // bytes in _buffers (under the lock)

    public SpareBuffers(int budget = 256 * 1024)
    {
        _budget = budget;
    }

    /// <summary>
    /// A buffer of at least <paramref name="minimumLength"/> bytes: the last one kept when it is large enough. One too
    /// small is let go instead, so the spares follow the sizes the owner needs now.
    /// </summary>
    public byte[] Rent(int minimumLength)
    {
        byte[]? tooSmall = null;
        lock (_buffers)
        {
            if (_buffers.TryPop(out byte[]? spare))
            {
                _retained -= spare.Length;
                if (spare.Length >= minimumLength) return spare;
                tooSmall = spare;
            }
        }

        if (tooSmall is not null) BufferRetention.Return(tooSmall);
        return ArrayPool<byte>.Shared.Rent(minimumLength);
    }

    /// <summary>Keeps <paramref name="buffer"/> for a later <see cref="Rent"/> while the budget allows.</summary>
    public void Return(byte[] buffer)
    {
        lock (_buffers)
        {
            if (_retained + buffer.Length <= _budget)
            {
                _buffers.Push(buffer);
                _retained += buffer.Length;
                return;
            }
        }

        BufferRetention.Return(buffer);
    }
}
