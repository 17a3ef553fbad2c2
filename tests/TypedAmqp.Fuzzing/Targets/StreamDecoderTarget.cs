using TypedAmqp.Fuzzing.Engine;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// A decoder target: the input's stream decoded in one piece and again cut into the input's read size. Any exception
/// but the protocol's own errors is a crash, and so is a stream that decodes differently when cut than whole.
/// </summary>
internal abstract class StreamDecoderTarget : IFuzzTarget
{
    public abstract string Name { get; }

    public abstract FrameLayout Layout { get; }

    // Nothing here starts tasks; the check is kept, rarely, in case a decoder ever does.
    public int UnobservedCheckInterval => 100_000;

    public void Execute(byte[] input)
    {
        ReadOnlyMemory<byte> stream = InputLayout.Stream(input);
        DecodeTrace whole = Decode(stream, readSize: 0);
        int readSize = InputLayout.ReadSize(input);
        if (readSize == 0) return;
        DecodeTrace cut = Decode(stream, readSize);
        if (!whole.SameAs(cut))
        {
            throw new FuzzOracleException($"Cutting the stream into {readSize}-byte reads changed what it decodes to: in one piece {whole}; cut {cut}.");
        }
    }

    public abstract IReadOnlyList<CorpusEntry> CreateSeeds();

    /// <summary>Decodes the stream as it arrives in reads of <paramref name="readSize"/> bytes (0: all at once).</summary>
    protected abstract DecodeTrace Decode(ReadOnlyMemory<byte> stream, int readSize);
}
