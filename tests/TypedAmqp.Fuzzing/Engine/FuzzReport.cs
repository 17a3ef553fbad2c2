namespace TypedAmqp.Fuzzing.Engine;

/// <summary>The figures of one session.</summary>
internal sealed record FuzzReport(
    string Target, int Seed, long Inputs, TimeSpan Elapsed, long Crashes, long Hangs, long UnobservedExceptions, IReadOnlyList<Finding> Findings)
{
    public double InputsPerSecond => Elapsed.TotalSeconds > 0 ? Inputs / Elapsed.TotalSeconds : 0;

    public bool Clean => Crashes == 0 && Hangs == 0 && UnobservedExceptions == 0;

    public override string ToString() =>
        $"target={Target} seed={Seed} inputs={Inputs} elapsed={Elapsed.TotalSeconds:0.0}s inputs/s={InputsPerSecond:0} "
        + $"crashes={Crashes} hangs={Hangs} unobserved={UnobservedExceptions}";
}
