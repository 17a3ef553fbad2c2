namespace TypedAmqp;

/// <summary>
/// Declares an exchange and makes the interface a publisher contract: each method publishes one message type to it,
/// with the routing key given by <see cref="RoutingKeyAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class ExchangeAttribute : Attribute
{
    /// <summary>Declares the exchange <paramref name="name"/> of the given kind.</summary>
    public ExchangeAttribute(string name, ExchangeKind kind = ExchangeKind.Topic)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The exchange name.</summary>
    public string Name { get; }

    /// <summary>The exchange kind.</summary>
    public ExchangeKind Kind { get; }

    /// <summary>For <see cref="ExchangeKind.Custom"/>: the type name, such as "x-delayed-message".</summary>
    public string? CustomType { get; set; }

    /// <summary>Survives a broker restart (default true).</summary>
    public bool Durable { get; set; } = true;

    /// <summary>Deleted when its last binding is removed.</summary>
    public bool AutoDelete { get; set; }

    /// <summary>Cannot be published to directly, only through exchange-to-exchange bindings.</summary>
    public bool Internal { get; set; }

    /// <summary>Where messages this exchange cannot route go (the alternate-exchange argument).</summary>
    public string? AlternateExchange { get; set; }
}
