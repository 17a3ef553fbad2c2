namespace TypedAmqp.Observability;

/// <summary>
/// <c>messaging.destination.name</c> (and <c>.template</c>) in the form OpenTelemetry's RabbitMQ conventions define:
/// <c>{exchange}:{routing key}</c> for a publish, <c>{exchange}:{routing key}:{queue}</c> for a delivery, leaving out
/// empty parts (and the queue when it equals the routing key), and <c>amq.default</c> when nothing is left.
/// </summary>
public static class RabbitMqDestination
{
    /// <summary>The name the conventions give the default exchange when no routing key is there to name instead.</summary>
    public const string DefaultExchange = "amq.default";

    /// <summary>The destination of a publish: <c>{exchange}:{routing key}</c>.</summary>
    public static string OfPublish(string exchange, string routingKey)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(routingKey);
        if (exchange.Length == 0) return routingKey.Length == 0 ? DefaultExchange : routingKey;
        return routingKey.Length == 0 ? exchange : string.Concat(exchange, ":", routingKey);
    }

    /// <summary>The destination of a delivery: <c>{exchange}:{routing key}:{queue}</c>.</summary>
    public static string OfDelivery(string exchange, string routingKey, string? queue)
    {
        string published = OfPublish(exchange, routingKey);
        if (string.IsNullOrEmpty(queue) || queue == routingKey) return published;
        return published == DefaultExchange ? queue : string.Concat(published, ":", queue);
    }
}
