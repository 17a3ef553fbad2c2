using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Targets;

namespace TypedAmqp.Tests.Fuzzing;

/// <summary>
/// The short fuzz run of CI: a fixed seed over the checked-in corpus, for each target. The long run is eng/fuzz.sh
/// (see docs/reliability.md). A failure names the saved input, to replay with <c>TypedAmqp.Fuzzing --replay</c>.
/// </summary>
[Collection(FuzzingCollection.Name)]
public sealed class ShortFuzzRunTests
{
    private const int Seed = 20261201;

    private static void RunClean(IFuzzTarget target, long inputs)
    {
        string findings = Path.Combine(Path.GetTempPath(), $"typedamqp-fuzz-{target.Name}-{Guid.NewGuid():N}");
        var settings = new FuzzSettings { Inputs = inputs, Seed = Seed, FindingsDirectory = findings, HangTimeout = TimeSpan.FromSeconds(60) };

        FuzzReport report = FuzzSession.Run(target, Corpus.Load(Corpus.DefaultDirectory(target.Name)), settings);

        Assert.Equal(inputs, report.Inputs);
        Assert.True(report.Clean, $"{report}{Environment.NewLine}{string.Join(Environment.NewLine, report.Findings.Take(5).Select(f => $"{f.Kind} at input {f.InputIndex} (saved to {f.SavedTo}): {f.Description}"))}");
    }

    [Fact]
    public void The_decoder_survives_20000_mutated_inputs() => RunClean(new DecoderTarget(), 20_000);

    // Each input is a whole connection (handshake, channel, consumer, publishes): a few thousand fit in CI's time.
    [Fact]
    public void The_connection_survives_3000_mutated_inputs() => RunClean(new ConnectionTarget(), 3_000);

    [Fact]
    public void The_AMQP_1_0_decoder_survives_20000_mutated_inputs() => RunClean(new Amqp10DecoderTarget(), 20_000);

    // Each input is a whole 1.0 connection (SASL, open, session, two links, three sends) over in-memory pipes.
    [Fact]
    public void The_AMQP_1_0_connection_survives_5000_mutated_inputs() => RunClean(new Amqp10ConnectionTarget(), 5_000);
}
