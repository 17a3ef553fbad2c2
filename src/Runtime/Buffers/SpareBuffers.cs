using System.Buffers;

namespace TypedAmqp.Buffers;

/// <summary>
/// Buffers one owner keeps for its own uses at once (a sender link's messages encoded and waiting for their turn),
/// within a byte budget. The shared pool keeps only a few arrays of a size per core, so a few hundred messages encoded
/// at once would each cost a new array; these come back here instead. Beyond the budget they go to the shared pool, as
/// <see cref="BufferRetention"/> allows.
/// </summary>
internal sealed class SpareBuffers
{
    private readonly Stack<byte[]> _buffers = new(); // locked
    private readonly int _budget;
    private int _retained; // bytes in _buffers (under the lock)

    public SpareBuffers(int budget = BufferRetention.MaxRetainedBytes)
    {
        _budget = budget;
    }

    /// <summary>A buffer of at least <paramref name="minimumLength"/> bytes: a spare one when the last kept is large enough.</summary>
    public byte[] Rent(int minimumLength)
    {
        lock (_buffers)
        {
            if (_buffers.TryPeek(out byte[]? spare) && spare.Length >= minimumLength)
            {
                _buffers.Pop();
                _retained -= spare.Length;
                return spare;
            }
        }

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
