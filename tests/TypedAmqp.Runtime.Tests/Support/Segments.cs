using System.Buffers;

namespace TypedAmqp.Tests.Support;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> cut into many segments, as a socket may deliver it.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] bytes, int segmentSize)
    {
        if (bytes.Length == 0) return ReadOnlySequence<byte>.Empty;
        Segment? first = null;
        Segment? last = null;
        for (int offset = 0; offset < bytes.Length; offset += segmentSize)
        {
            var memory = new ReadOnlyMemory<byte>(bytes, offset, Math.Min(segmentSize, bytes.Length - offset));
            if (first is null) first = last = new Segment(memory, 0);
            else last = last!.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
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
