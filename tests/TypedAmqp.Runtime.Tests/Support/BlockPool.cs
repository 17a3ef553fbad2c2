using System.Buffers;

namespace TypedAmqp.Tests.Support;

/// <summary>
/// A memory pool of fixed-size blocks for the fake broker's in-memory pipes. The shared array pool keeps one array
/// per size in each thread's own cache, and the pipes return blocks on whichever pool thread read them; when the
/// thread pool adds threads (a busy machine), arrays stranded there make it allocate new ones, which the allocation
/// tests would count against the client. This pool hands blocks back from one place, so in steady state it allocates
/// nothing, whichever thread returns them.
/// </summary>
internal sealed class BlockPool : MemoryPool<byte>
{
    private const int BlockSize = 64 * 1024;

    private readonly Lock _lock = new();
    private readonly Stack<Block> _free = new();

    /// <summary>Requests above this go to the shared array pool (the pipe does that itself).</summary>
    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize) throw new ArgumentOutOfRangeException(nameof(minBufferSize));
        lock (_lock)
        {
            if (_free.TryPop(out Block? block)) return block;
        }

        return new Block(this);
    }

    protected override void Dispose(bool disposing)
    {
    }

    private void Return(Block block)
    {
        lock (_lock)
        {
            _free.Push(block);
        }
    }

    private sealed class Block(BlockPool owner) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = new byte[BlockSize];

        public Memory<byte> Memory => _array;

        public void Dispose() => owner.Return(this);
    }
}
