namespace TypedAmqp.Tests.Fuzzing;

/// <summary>
/// Fuzz sessions count every unobserved task exception in the process, so they run alone: another test's tasks
/// must not be blamed on a fuzz input.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzingCollection
{
    public const string Name = "Fuzzing";
}
