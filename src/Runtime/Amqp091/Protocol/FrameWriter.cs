using System.Buffers;
using System.Buffers.Binary;

namespace TypedAmqp.Amqp091.Protocol;

/// <summary>
/// Writes whole frames into an <see cref="IBufferWriter{T}"/> (a <c>PipeWriter</c> or the connection's outgoing
/// batch) through <c>GetSpan</c>/<c>Advance</c>: method frames, content headers, body frames split at frame_max,
/// and heartbeats.
/// </summary>
internal static class FrameWriter
{
    public static void WriteMethod<TMethod>(IBufferWriter<byte> output, ushort channel, in TMethod method)
        where TMethod : struct, IOutgoingMethod
    {
        int maxPayload = 4 + method.MaxArgumentsSize;
        Span<byte> span = output.GetSpan(FrameConstants.Overhead + maxPayload);
        var writer = new AmqpWriter(span.Slice(FrameConstants.HeaderSize, maxPayload));
        writer.WriteShort(MethodId.ClassOf(method.Id));
        writer.WriteShort(MethodId.MethodOf(method.Id));
        method.WriteArguments(ref writer);
        int payloadSize = writer.Position;
        WriteHeader(span, FrameType.Method, channel, payloadSize);
        span[FrameConstants.HeaderSize + payloadSize] = FrameConstants.FrameEnd;
        output.Advance(FrameConstants.Overhead + payloadSize);
    }

    /// <summary>
    /// Writes the content header frame. Unlike a body, it cannot be split: one larger than <paramref name="frameMax"/>
    /// would make the broker close the whole connection (501), so it is refused, and nothing is written.
    /// </summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="channel">The channel number.</param>
    /// <param name="bodySize">The size of the body frames that follow.</param>
    /// <param name="properties">The message properties, or null for none.</param>
    /// <param name="frameMax">The connection's negotiated frame_max.</param>
    /// <param name="publishSequence">When not 0, added as a header so a basic.return can be matched to its confirm.</param>
    /// <exception cref="AmqpMessageTooLargeException">The properties do not fit in one frame.</exception>
    public static void WriteContentHeader(IBufferWriter<byte> output, ushort channel, ulong bodySize, BasicProperties? properties, uint frameMax, ulong publishSequence = 0)
    {
        int maxPayload = ContentHeaderCodec.MaxSize(properties, publishSequence != 0);
        Span<byte> span = output.GetSpan(FrameConstants.Overhead + maxPayload);
        int payloadSize = ContentHeaderCodec.Write(span.Slice(FrameConstants.HeaderSize, maxPayload), bodySize, properties, publishSequence);
        if ((uint)(FrameConstants.Overhead + payloadSize) > frameMax)
        {
            throw new AmqpMessageTooLargeException(
                $"The message properties (headers included) need a content header frame of {FrameConstants.Overhead + payloadSize} bytes, "
                + $"more than the connection's frame_max of {frameMax} bytes; the broker would close the connection for it. Send smaller or fewer headers.",
                FrameConstants.Overhead + payloadSize, frameMax);
        }

        WriteHeader(span, FrameType.ContentHeader, channel, payloadSize);
        span[FrameConstants.HeaderSize + payloadSize] = FrameConstants.FrameEnd;
        output.Advance(FrameConstants.Overhead + payloadSize);
    }

    /// <summary>Writes the body as as many body frames as frame_max requires (none for an empty body).</summary>
    public static void WriteBody(IBufferWriter<byte> output, ushort channel, ReadOnlySpan<byte> body, uint frameMax)
    {
        int maxChunk = (int)Math.Min(frameMax - FrameConstants.Overhead, int.MaxValue - FrameConstants.Overhead);
        while (!body.IsEmpty)
        {
            int chunkSize = Math.Min(body.Length, maxChunk);
            Span<byte> span = output.GetSpan(FrameConstants.Overhead + chunkSize);
            WriteHeader(span, FrameType.ContentBody, channel, chunkSize);
            body[..chunkSize].CopyTo(span[FrameConstants.HeaderSize..]);
            span[FrameConstants.HeaderSize + chunkSize] = FrameConstants.FrameEnd;
            output.Advance(FrameConstants.Overhead + chunkSize);
            body = body[chunkSize..];
        }
    }

    public static void WriteHeartbeat(IBufferWriter<byte> output)
    {
        Span<byte> span = output.GetSpan(FrameConstants.Overhead);
        WriteHeader(span, FrameType.Heartbeat, 0, 0);
        span[FrameConstants.HeaderSize] = FrameConstants.FrameEnd;
        output.Advance(FrameConstants.Overhead);
    }

    private static void WriteHeader(Span<byte> span, byte type, ushort channel, int payloadSize)
    {
        span[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], channel);
        BinaryPrimitives.WriteUInt32BigEndian(span[3..], (uint)payloadSize);
    }
}
