namespace TypedAmqp.Fuzzing.Engine;

/// <summary>What went wrong with an input.</summary>
internal enum FindingKind
{
    /// <summary>An exception other than the documented ones, or a broken oracle rule.</summary>
    Crash,
    /// <summary>The input did not finish within its time limit.</summary>
    Hang,
    /// <summary>A task failed and nobody observed its exception (seen after a full GC).</summary>
    UnobservedException,
}
