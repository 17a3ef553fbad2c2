using System.Buffers;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// Lays a stream out as a pipe would after reads of <c>readSize</c> bytes: one segment per read, so values that
/// straddle two reads must be read across segments.
/// </summary>
internal static class ChunkedSequence
{
    public static ReadOnlySequence<byte> Create(ReadOnlyMemory<byte> stream, int readSize)
    {
        if (readSize <= 0 || stream.Length <= readSize) return new ReadOnlySequence<byte>(stream);
        Segment first = new(stream[..readSize], 0);
        Segment last = first;
        for (int offset = readSize; offset < stream.Length; offset += readSize)
        {
            last = last.Append(stream.Slice(offset, Math.Min(readSize, stream.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
