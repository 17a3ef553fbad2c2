using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Seeds;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>The AMQP 1.0 frame decoder: bytes through the frame reader, every performative and SASL frame, and the message sections of transfers.</summary>
internal sealed class Amqp10DecoderTarget : StreamDecoderTarget
{
    /// <summary>The largest frame the engine announces by default, as its read loop checks frames against it.</summary>
    private const uint MaxFrameSize = 64 * 1024;

    public override string Name => "amqp10-decoder";

    public override FrameLayout Layout => FrameLayout.Amqp10;

    public override IReadOnlyList<CorpusEntry> CreateSeeds() => Amqp10DecoderSeeds.Create();

    protected override DecodeTrace Decode(ReadOnlyMemory<byte> stream, int readSize) => Amqp10FrameStreamDecoder.Decode(stream, readSize, MaxFrameSize);
}
