namespace TypedAmqp.Fuzzing.Engine;

/// <summary>How long a session runs and where it keeps what it finds.</summary>
internal sealed record FuzzSettings
{
    /// <summary>The number of inputs, the unmutated corpus entries included.</summary>
    public long Inputs { get; init; } = 10_000;

    public int Seed { get; init; } = 1;

    /// <summary>Stops early when this much time has passed; null for no limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>An input still running after this long is a hang (the session ends there: the stuck thread cannot be taken back).</summary>
    public TimeSpan HangTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where failing inputs are saved; null to save nothing.</summary>
    public string? FindingsDirectory { get; init; }

    /// <summary>At most this many failing inputs are saved (all are counted).</summary>
    public int MaxSavedFindings { get; init; } = 20;

    /// <summary>Where progress lines go every few seconds; null for none.</summary>
    public TextWriter? Progress { get; init; }
}
