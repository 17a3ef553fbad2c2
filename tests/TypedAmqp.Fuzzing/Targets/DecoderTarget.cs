using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Seeds;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// The frame decoder: bytes through <see cref="FrameReader"/>, method arguments, field tables and content headers.
/// Any exception but <see cref="AmqpProtocolException"/> is a crash, and so is a stream that decodes differently when
/// cut into the input's read size than in one piece.
/// </summary>
internal sealed class DecoderTarget : IFuzzTarget
{
    public string Name => "decoder";

    // Nothing here starts tasks; the check is kept, rarely, in case a decoder ever does.
    public int UnobservedCheckInterval => 100_000;

    public void Execute(byte[] input)
    {
        ReadOnlyMemory<byte> stream = InputLayout.Stream(input);
        DecodeTrace whole = FrameStreamDecoder.Decode(stream, readSize: 0, FrameConstants.DefaultFrameMax);
        int readSize = InputLayout.ReadSize(input);
        if (readSize == 0) return;
        DecodeTrace cut = FrameStreamDecoder.Decode(stream, readSize, FrameConstants.DefaultFrameMax);
        if (!whole.SameAs(cut))
        {
            throw new FuzzOracleException($"Cutting the stream into {readSize}-byte reads changed what it decodes to: in one piece {whole}; cut {cut}.");
        }
    }

    public IReadOnlyList<CorpusEntry> CreateSeeds() => DecoderSeeds.Create();
}
