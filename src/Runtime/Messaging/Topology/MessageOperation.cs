namespace TypedAmqp.Messaging;

/// <summary>
/// One thing the contracts do with a message: a publisher method sends it to an exchange with a routing key, a
/// consumer handler receives it from a queue. The source generator emits them as <c>MessagingTopology.Operations</c>;
/// <see cref="AsyncApiDocument"/> turns them into AsyncAPI operations.
/// </summary>
/// <param name="Action">Send (publisher) or receive (consumer).</param>
/// <param name="Contract">The contract interface, such as "IOrderEvents".</param>
/// <param name="Method">The method on it, such as "OrderPlaced".</param>
/// <param name="Exchange">For a send, the exchange published to; null for a receive.</param>
/// <param name="RoutingKey">For a send, the routing-key template as written, placeholders in braces ("order.placed.{Region}"); null for a receive.</param>
/// <param name="Queue">For a receive, the queue's <see cref="QueueDeclaration.Reference"/>; null for a send.</param>
/// <param name="Message">The message sent or received.</param>
/// <param name="Reply">For a request (or a handler that answers one), the response message; null otherwise.</param>
public sealed record MessageOperation(
    OperationAction Action, string Contract, string Method, string? Exchange, string? RoutingKey, string? Queue, MessageDescription Message, MessageDescription? Reply = null);
