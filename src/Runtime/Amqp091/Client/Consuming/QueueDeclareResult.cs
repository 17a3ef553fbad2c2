namespace TypedAmqp.Amqp091;

/// <summary>The broker's answer to queue.declare.</summary>
/// <param name="QueueName">The queue's name; the generated one for a server-named queue.</param>
/// <param name="MessageCount">Messages ready in the queue.</param>
/// <param name="ConsumerCount">Active consumers on the queue.</param>
public readonly record struct QueueDeclareResult(string QueueName, uint MessageCount, uint ConsumerCount);
