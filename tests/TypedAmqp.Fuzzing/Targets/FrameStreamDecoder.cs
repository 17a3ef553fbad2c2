using System.Buffers;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Messaging;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// Decodes a broker's AMQP 0-9-1 byte stream read by read (<see cref="ReadByReadDecoder"/>): frames cut with
/// <see cref="FrameReader.TryReadFrame"/>, then method arguments, content header properties, and body bytes as a
/// field table.
/// </summary>
internal static class FrameStreamDecoder
{
    public static DecodeTrace Decode(ReadOnlyMemory<byte> stream, int readSize, uint frameMax) =>
        ReadByReadDecoder.Decode(stream, readSize, (ref ReadOnlySequence<byte> buffer, DecodeTrace trace) => TryDecodeFrame(ref buffer, frameMax, trace), static _ => true);

    private static bool TryDecodeFrame(ref ReadOnlySequence<byte> buffer, uint frameMax, DecodeTrace trace)
    {
        long before = buffer.Length;
        if (!FrameReader.TryReadFrame(ref buffer, frameMax, out Frame frame)) return false;

        // A frame is at least 8 bytes: a reader that consumed less would loop forever on a stream.
        if (before - buffer.Length < FrameConstants.Overhead || before - buffer.Length != frame.Payload.Length + FrameConstants.Overhead)
        {
            throw new FuzzOracleException($"TryReadFrame consumed {before - buffer.Length} bytes for a {frame.Payload.Length}-byte payload.");
        }

        trace.AddFrame(frame.Type, frame.Channel, frame.Payload.Length);
        DecodeFrame(frame, trace);
        return true;
    }

    private static void DecodeFrame(in Frame frame, DecodeTrace trace)
    {
        switch (frame.Type)
        {
            case FrameType.Method:
                ServerMethodReader.Read(frame.Payload, trace);
                break;
            case FrameType.ContentHeader:
                DecodeContentHeader(frame.Payload, trace);
                break;
            case FrameType.ContentBody:
                DecodeBodyAsTable(frame.Payload, trace);
                break;
        }
    }

    /// <summary>As the channel reads it: class, weight and body size, then the properties, kept as bytes and read on demand.</summary>
    private static void DecodeContentHeader(ReadOnlySequence<byte> payload, DecodeTrace trace)
    {
        var reader = new AmqpReader(payload);
        trace.Add(reader.ReadShort());
        trace.Add(reader.ReadShort());
        trace.Add((long)reader.ReadLongLong());
        PropertiesProbe.Exercise(ContentHeaderProperties.Of(payload.Slice(reader.Consumed).ToArray()), trace);
    }

    /// <summary>
    /// Bodies are opaque to the runtime, so they serve to feed the field-table codec directly (the seeds put encoded
    /// tables in bodies): <c>Validate</c> and <c>ReadTable</c> must agree on every input.
    /// </summary>
    private static void DecodeBodyAsTable(ReadOnlySequence<byte> payload, DecodeTrace trace)
    {
        string? problem = FieldTableCodec.Validate(payload);
        trace.Add(problem);
        try
        {
            Dictionary<string, object?> table = FieldTableCodec.ReadTable(payload);
            if (problem is not null) throw new FuzzOracleException($"FieldTableCodec.Validate reported '{problem}', yet ReadTable decoded the table.");
            ServerMethodReader.AddTable(table, trace);
        }
        catch (AmqpProtocolException rejection)
        {
            if (problem is null) throw new FuzzOracleException("FieldTableCodec.Validate found nothing wrong, yet ReadTable threw.", rejection);
            trace.AddRejection(rejection);
        }
    }
}
