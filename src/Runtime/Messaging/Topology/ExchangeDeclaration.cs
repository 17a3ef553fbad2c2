namespace TypedAmqp.Messaging;

/// <summary>An exchange as data: what exchange.declare sends.</summary>
/// <param name="Name">The exchange name.</param>
/// <param name="Type">direct, fanout, topic, headers or a plugin type such as x-delayed-message.</param>
/// <param name="Durable">Survives a broker restart.</param>
/// <param name="AutoDelete">Deleted when its last binding goes.</param>
/// <param name="Internal">Only reachable through exchange-to-exchange bindings.</param>
/// <param name="Arguments">Arguments such as alternate-exchange; null for none.</param>
public sealed record ExchangeDeclaration(
    string Name, string Type, bool Durable = true, bool AutoDelete = false, bool Internal = false, IReadOnlyDictionary<string, object?>? Arguments = null);
