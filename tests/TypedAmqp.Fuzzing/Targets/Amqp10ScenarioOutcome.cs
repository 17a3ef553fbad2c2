using TypedAmqp.Amqp10;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>How one amqp10-connection input ended: why the connection stopped (null: closed cleanly), the deliveries received, the sends accepted.</summary>
internal sealed record Amqp10ScenarioOutcome(Exception? Failure, int Received, int Accepted);
