namespace TypedAmqp.Fuzzing.Engine;

/// <summary>
/// One piece of the runtime under fuzzing. An input is a byte array whose first byte says how the rest is cut into
/// reads (see <see cref="InputLayout"/>); the rest is what a broker would send.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>The name given to <c>--target</c>.</summary>
    string Name { get; }

    /// <summary>The protocol's frame layout, for the mutator's frame-aware edits.</summary>
    FrameLayout Layout { get; }

    /// <summary>
    /// How many inputs to run between two checks for unobserved task exceptions (each check is a full, blocking GC).
    /// </summary>
    int UnobservedCheckInterval { get; }

    /// <summary>
    /// Runs one input. Returns when the runtime behaved: it accepted the input, or rejected it the documented way
    /// (an <see cref="AmqpProtocolException"/>, a close with a reason). Throws <see cref="FuzzHangException"/> when
    /// something did not finish in time; any other exception is a crash.
    /// </summary>
    void Execute(byte[] input);

    /// <summary>Realistic seed inputs built with the runtime's own frame writers (what <c>--write-corpus</c> saves).</summary>
    IReadOnlyList<CorpusEntry> CreateSeeds();
}
