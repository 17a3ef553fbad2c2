using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Seeds;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>The AMQP 1.0 connection state machine: a real connection with a session, a sender and a receiver, fed a peer's stream (see <see cref="Amqp10ConnectionScenario"/>).</summary>
internal sealed class Amqp10ConnectionTarget : IFuzzTarget
{
    public string Name => "amqp10-connection";

    public FrameLayout Layout => FrameLayout.Amqp10;

    // Like the 0-9-1 connection target: a full GC every couple of hundred inputs keeps an unobserved exception's blame on a small batch.
    public int UnobservedCheckInterval => 200;

    public void Execute(byte[] input) => _ = Amqp10ConnectionScenario.RunAsync(input).GetAwaiter().GetResult();

    public IReadOnlyList<CorpusEntry> CreateSeeds() => Amqp10ConnectionSeeds.Create();
}
