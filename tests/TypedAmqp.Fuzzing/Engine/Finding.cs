namespace TypedAmqp.Fuzzing.Engine;

/// <summary>One failing input: what happened, and where the input was saved to replay it (null when not saved).</summary>
internal sealed record Finding(FindingKind Kind, long InputIndex, string Description, string? SavedTo);
