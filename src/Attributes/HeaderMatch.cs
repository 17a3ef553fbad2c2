namespace TypedAmqp;

/// <summary>How a headers-exchange binding matches (x-match).</summary>
public enum HeaderMatch
{
    /// <summary>Every listed header must match.</summary>
    All,
    /// <summary>At least one listed header must match.</summary>
    Any,
}
