namespace TypedAmqp.Fuzzing.Engine;

/// <summary>A target's own report that the code under test did not finish an input within its time limit.</summary>
internal sealed class FuzzHangException(string message) : Exception(message);
