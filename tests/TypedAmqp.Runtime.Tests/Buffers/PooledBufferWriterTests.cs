using TypedAmqp.Buffers;

namespace TypedAmqp.Tests.Buffers;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Clearing_after_a_very_large_message_lets_its_memory_go_and_keeps_writing()
    {
        var writer = new PooledBufferWriter(16 * 1024);
        writer.GetSpan(5 * 1024 * 1024).Fill(1);
        writer.Advance(5 * 1024 * 1024);
        Assert.True(writer.Capacity >= 5 * 1024 * 1024);

        writer.Clear();

        Assert.InRange(writer.Capacity, 16 * 1024, BufferRetention.MaxRetainedBytes);
        writer.GetSpan(3)[..3].Fill(7);
        writer.Advance(3);
        Assert.Equal([7, 7, 7], writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Clearing_keeps_a_buffer_within_the_retained_size_so_steady_use_allocates_nothing()
    {
        var writer = new PooledBufferWriter(4096);
        writer.GetSpan(200 * 1024);
        writer.Advance(200 * 1024);
        int grown = writer.Capacity;

        writer.Clear();

        Assert.Equal(grown, writer.Capacity);
        Assert.Equal(0, writer.WrittenCount);
    }
}
