using System.Buffers;
using TypedAmqp.Amqp10;
using TypedAmqp.Fuzzing.Engine;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// Decodes a peer's AMQP 1.0 byte stream read by read (<see cref="ReadByReadDecoder"/>): frames cut with
/// <see cref="Amqp10FrameReader.TryReadFrame"/>, each performative read by its descriptor (SASL frames by theirs), and
/// a transfer's payload as a message. Only the 1.0 protocol and decode errors end the stream.
/// </summary>
internal static class Amqp10FrameStreamDecoder
{
    public static DecodeTrace Decode(ReadOnlyMemory<byte> stream, int readSize, uint maxFrameSize) =>
        ReadByReadDecoder.Decode(
            stream, readSize, (ref ReadOnlySequence<byte> buffer, DecodeTrace trace) => TryDecodeFrame(ref buffer, maxFrameSize, trace), static e => e is Amqp10ProtocolException or Amqp10DecodeException);

    private static bool TryDecodeFrame(ref ReadOnlySequence<byte> buffer, uint maxFrameSize, DecodeTrace trace)
    {
        long before = buffer.Length;
        if (!Amqp10FrameReader.TryReadFrame(ref buffer, maxFrameSize, out Amqp10Frame frame)) return false;

        // A frame is at least its 8-byte header: a reader that consumed less would loop forever on a stream.
        if (before - buffer.Length < Amqp10FrameHeader.Size || frame.Body.Length >= before - buffer.Length)
        {
            throw new FuzzOracleException($"TryReadFrame consumed {before - buffer.Length} bytes for a {frame.Body.Length}-byte body.");
        }

        trace.AddFrame(frame.Type, frame.Channel, frame.Body.Length);
        DecodeFrame(frame.Type, frame.Body.ToArray(), trace);
        return true;
    }

    private static void DecodeFrame(byte type, byte[] body, DecodeTrace trace)
    {
        if (body.Length == 0)
        {
            trace.Add("empty frame");
            return;
        }

        var reader = new Amqp10Reader(body);
        Amqp10Reader peek = reader;
        ulong code = peek.ReadDescriptorCode();
        trace.Add((long)code);
        if (type == Amqp10FrameType.Sasl)
        {
            DecodeSasl(code, ref reader, trace);
            return;
        }

        switch (code)
        {
            case Amqp10Descriptors.Open:
                Amqp10Open open = Amqp10Open.Read(ref reader);
                trace.Add(open.ContainerId);
                trace.Add(open.MaxFrameSize ?? 0);
                trace.Add(open.Properties?.ToString());
                break;
            case Amqp10Descriptors.Begin:
                Amqp10Begin begin = Amqp10Begin.Read(ref reader);
                trace.Add(begin.RemoteChannel ?? -1);
                trace.Add(begin.IncomingWindow);
                break;
            case Amqp10Descriptors.Attach:
                Amqp10Attach attach = Amqp10Attach.Read(ref reader);
                trace.Add(attach.Name);
                trace.Add(attach.Handle);
                trace.Add(attach.Source?.Address);
                trace.Add(attach.Source?.Filter?.ToString());
                trace.Add(attach.Target?.Address);
                break;
            case Amqp10Descriptors.Flow:
                Amqp10Flow flow = Amqp10Flow.Read(ref reader);
                trace.Add(flow.LinkCredit is { } credit ? credit : -1);
                trace.Add(flow.Drain == true ? 1 : 0);
                break;
            case Amqp10Descriptors.Transfer:
                DecodeTransfer(ref reader, body, trace);
                break;
            case Amqp10Descriptors.Disposition:
                Amqp10Disposition disposition = Amqp10Disposition.Read(ref reader);
                trace.Add(disposition.First);
                trace.Add(disposition.State?.ToString());
                break;
            case Amqp10Descriptors.Detach:
                Amqp10Detach detach = Amqp10Detach.Read(ref reader);
                trace.Add(detach.Handle);
                trace.Add(detach.Error?.ToString());
                break;
            case Amqp10Descriptors.End:
                trace.Add(Amqp10End.Read(ref reader).Error?.ToString());
                break;
            case Amqp10Descriptors.Close:
                trace.Add(Amqp10Close.Read(ref reader).Error?.ToString());
                break;
            default:
                trace.Add("unknown performative");
                break;
        }
    }

    private static void DecodeTransfer(ref Amqp10Reader reader, byte[] body, DecodeTrace trace)
    {
        Amqp10Transfer transfer = Amqp10Transfer.Read(ref reader);
        trace.Add(transfer.Handle);
        trace.Add(transfer.DeliveryId is { } deliveryId ? deliveryId : -1);
        trace.Add(transfer.DeliveryTag);
        trace.Add(transfer.State?.ToString());
        if (transfer.More == true) return; // a partial delivery: its sections are read once the last frame is in

        Amqp10Message message = Amqp10MessageCodec.Read(body.AsSpan((int)reader.Offset));
        trace.Add(message.Header?.DeliveryCount is { } count ? count : -1);
        trace.Add(message.Properties?.MessageId?.ToString());
        trace.Add(message.Properties?.Subject);
        trace.Add(message.MessageAnnotations?.ToString());
        trace.Add(message.ApplicationProperties?.Count ?? -1);
        if (message.ApplicationProperties is { } properties)
        {
            foreach ((string key, Amqp10Value value) in properties) trace.Add(key + "=" + value);
        }

        trace.Add(message.Data is { } data ? data.Span : default);
        trace.Add(message.Value?.ToString());
    }

    private static void DecodeSasl(ulong code, ref Amqp10Reader reader, DecodeTrace trace)
    {
        switch (code)
        {
            case Amqp10Descriptors.SaslMechanisms:
                trace.Add(string.Join(",", Amqp10SaslMechanisms.Read(ref reader).Mechanisms));
                break;
            case Amqp10Descriptors.SaslChallenge:
                Amqp10SaslChallenge.Read(ref reader);
                trace.Add("challenge");
                break;
            case Amqp10Descriptors.SaslOutcome:
                trace.Add((long)Amqp10SaslOutcome.Read(ref reader).Code);
                break;
            default:
                trace.Add("unknown sasl frame");
                break;
        }
    }
}
