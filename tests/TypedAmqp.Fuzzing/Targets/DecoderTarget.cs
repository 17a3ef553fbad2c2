using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Seeds;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>The AMQP 0-9-1 frame decoder: bytes through <see cref="FrameReader"/>, method arguments, field tables and content headers.</summary>
internal sealed class DecoderTarget : StreamDecoderTarget
{
    public override string Name => "decoder";

    public override FrameLayout Layout => FrameLayout.Amqp091;

    public override IReadOnlyList<CorpusEntry> CreateSeeds() => DecoderSeeds.Create();

    protected override DecodeTrace Decode(ReadOnlyMemory<byte> stream, int readSize) => FrameStreamDecoder.Decode(stream, readSize, FrameConstants.DefaultFrameMax);
}
