namespace TypedAmqp.Fuzzing.Targets;

/// <summary>How one connection-target input ended: the close, the deliveries the handler got, the publishes confirmed.</summary>
internal sealed record ScenarioOutcome(CloseReason Close, int Deliveries, int Confirmed);
