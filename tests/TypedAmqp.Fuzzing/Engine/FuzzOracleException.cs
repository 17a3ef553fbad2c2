namespace TypedAmqp.Fuzzing.Engine;

/// <summary>
/// The code under test finished without throwing, but broke a rule the target checks (two decodings disagreed, an
/// exception of the wrong type reached a log or a task). Counted as a crash.
/// </summary>
internal sealed class FuzzOracleException(string message, Exception? inner = null) : Exception(message, inner);
