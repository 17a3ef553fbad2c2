using System.Buffers;
using TypedAmqp.Fuzzing.Engine;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// The read loop both protocols' decoders share, as a connection's read loop runs it: the stream arrives read by read
/// (<paramref name="readSize"/> bytes each, or all at once), whole frames are cut out of what has arrived and decoded,
/// and the rest waits for the next read. A protocol error ends the stream, as it ends the connection.
/// </summary>
internal static class ReadByReadDecoder
{
    /// <summary>
    /// Cuts one frame off the front of <paramref name="buffer"/> and decodes it into <paramref name="trace"/>; returns
    /// false, consuming nothing, when the frame has not fully arrived.
    /// </summary>
    public delegate bool TryDecodeFrame(ref ReadOnlySequence<byte> buffer, DecodeTrace trace);

    public static DecodeTrace Decode(ReadOnlyMemory<byte> stream, int readSize, TryDecodeFrame tryDecodeFrame, Func<AmqpProtocolException, bool> endsTheStream)
    {
        var trace = new DecodeTrace();
        ReadOnlySequence<byte> arrived = ChunkedSequence.Create(stream, readSize);
        long total = arrived.Length;
        long received = 0;
        long consumed = 0;
        try
        {
            do
            {
                received = readSize <= 0 ? total : Math.Min(total, received + readSize);
                ReadOnlySequence<byte> buffer = arrived.Slice(consumed, received - consumed);
                while (true)
                {
                    long before = buffer.Length;
                    if (tryDecodeFrame(ref buffer, trace)) continue;
                    if (buffer.Length != before) throw new FuzzOracleException("TryReadFrame returned false but consumed bytes.");
                    break;
                }

                consumed = received - buffer.Length;
            }
            while (received < total);

            trace.End(consumed == total ? "end" : $"needs more bytes ({total - consumed} left over)");
        }
        catch (AmqpProtocolException rejection) when (endsTheStream(rejection))
        {
            trace.End($"protocol error {rejection.ReplyCode}: {rejection.Message}");
        }

        return trace;
    }
}
