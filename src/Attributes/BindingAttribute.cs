namespace TypedAmqp;

/// <summary>Binds the annotated queue to an exchange: by its contract type, or by name.</summary>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
public sealed class BindingAttribute : Attribute
{
    /// <summary>Binds to the exchange declared by the <paramref name="exchange"/> contract.</summary>
    public BindingAttribute(Type exchange, string routingKey = "")
    {
        Exchange = exchange;
        RoutingKey = routingKey;
    }

    /// <summary>Binds to an exchange by name (declared in this compilation or marked with <see cref="ExternalExchangeAttribute"/>).</summary>
    public BindingAttribute(string exchangeName, string routingKey = "")
    {
        ExchangeName = exchangeName;
        RoutingKey = routingKey;
    }

    /// <summary>The exchange contract, when bound by type.</summary>
    public Type? Exchange { get; }

    /// <summary>The exchange name, when bound by name.</summary>
    public string? ExchangeName { get; }

    /// <summary>The binding key (a pattern for topic exchanges; ignored by fanout).</summary>
    public string RoutingKey { get; }

    /// <summary>For headers exchanges: "name=value" pairs to match.</summary>
    public string[]? Headers { get; set; }

    /// <summary>For headers exchanges: whether all or any of <see cref="Headers"/> must match.</summary>
    public HeaderMatch HeaderMatch { get; set; }
}
