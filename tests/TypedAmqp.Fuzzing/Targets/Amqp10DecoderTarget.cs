using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Seeds;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// The AMQP 1.0 frame decoder: bytes through the frame reader, every performative and SASL frame, and the message
/// sections of transfers. Any exception but the 1.0 protocol and decode errors is a crash, and so is a stream that
/// decodes differently when cut into the input's read size than in one piece.
/// </summary>
internal sealed class Amqp10DecoderTarget : IFuzzTarget
{
    /// <summary>The largest frame the engine announces by default, as its read loop checks frames against it.</summary>
    private const uint MaxFrameSize = 64 * 1024;

    public string Name => "amqp10-decoder";

    // Nothing here starts tasks; the check is kept, rarely, in case a decoder ever does.
    public int UnobservedCheckInterval => 100_000;

    public void Execute(byte[] input)
    {
        ReadOnlyMemory<byte> stream = InputLayout.Stream(input);
        DecodeTrace whole = Amqp10FrameStreamDecoder.Decode(stream, readSize: 0, MaxFrameSize);
        int readSize = InputLayout.ReadSize(input);
        if (readSize == 0) return;
        DecodeTrace cut = Amqp10FrameStreamDecoder.Decode(stream, readSize, MaxFrameSize);
        if (!whole.SameAs(cut))
        {
            throw new FuzzOracleException($"Cutting the stream into {readSize}-byte reads changed what it decodes to: in one piece {whole}; cut {cut}.");
        }
    }

    public IReadOnlyList<CorpusEntry> CreateSeeds() => Amqp10DecoderSeeds.Create();
}
