using TypedAmqp.Amqp091;
using TypedAmqp.Fuzzing.Engine;
using TypedAmqp.Fuzzing.Seeds;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>The connection state machine: a real connection with a consumer and confirms, fed a broker's stream (see <see cref="ConnectionScenario"/>).</summary>
internal sealed class ConnectionTarget : IFuzzTarget
{
    public string Name => "connection";

    public FrameLayout Layout => FrameLayout.Amqp091;

    // Connections start tasks by the dozen; a full GC every couple of hundred inputs keeps the blame for an
    // unobserved exception on a small batch of inputs.
    public int UnobservedCheckInterval => 200;

    public void Execute(byte[] input) => ConnectionScenario.RunAsync(input).GetAwaiter().GetResult();

    public IReadOnlyList<CorpusEntry> CreateSeeds() => ConnectionSeeds.Create();
}
