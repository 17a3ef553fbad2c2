using System.Buffers;
using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Messaging;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// Decodes a broker's byte stream the way the connection's read loop does, read by read: cut frames with
/// <see cref="FrameReader.TryReadFrame"/> out of what has arrived, decode each (method arguments, content header
/// properties, and body bytes as a field table), keep the rest for the next read. A protocol error ends the stream,
/// as it ends the connection.
/// </summary>
internal static class FrameStreamDecoder
{
    public static DecodeTrace Decode(ReadOnlyMemory<byte> stream, int readSize, uint frameMax)
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
                    if (!FrameReader.TryReadFrame(ref buffer, frameMax, out Frame frame))
                    {
                        if (buffer.Length != before) throw new FuzzOracleException("TryReadFrame returned false but consumed bytes.");
                        break;
                    }

                    // A frame is at least 8 bytes: a reader that consumed less would loop forever on a stream.
                    if (before - buffer.Length < FrameConstants.Overhead || before - buffer.Length != frame.Payload.Length + FrameConstants.Overhead)
                    {
                        throw new FuzzOracleException($"TryReadFrame consumed {before - buffer.Length} bytes for a {frame.Payload.Length}-byte payload.");
                    }

                    trace.AddFrame(frame.Type, frame.Channel, frame.Payload.Length);
                    DecodeFrame(frame, trace);
                }

                consumed = received - buffer.Length;
            }
            while (received < total);

            trace.End(consumed == total ? "end" : $"needs more bytes ({total - consumed} left over)");
        }
        catch (AmqpProtocolException rejection)
        {
            trace.End($"protocol error {rejection.ReplyCode}: {rejection.Message}");
        }

        return trace;
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
