namespace TypedAmqp.Messaging;

/// <summary>A binding as data: messages flow from <see cref="Source"/> exchange to <see cref="Destination"/>.</summary>
/// <param name="Source">The exchange messages come from.</param>
/// <param name="Destination">The queue or exchange they go to; a server-named queue's <see cref="QueueDeclaration.Key"/>.</param>
/// <param name="DestinationIsExchange">True for an exchange-to-exchange binding.</param>
/// <param name="RoutingKey">The binding key (a pattern for topic exchanges).</param>
/// <param name="Arguments">Header-match arguments for headers exchanges; null for none.</param>
public sealed record BindingDeclaration(
    string Source, string Destination, bool DestinationIsExchange, string RoutingKey, IReadOnlyDictionary<string, object?>? Arguments = null);
