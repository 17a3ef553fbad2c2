namespace TypedAmqp;

/// <summary>Binds the annotated exchange (the destination) to the exchange of another contract (the source).</summary>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
public sealed class ExchangeBindingAttribute : Attribute
{
    /// <summary>Binds to the exchange declared by the <paramref name="source"/> contract.</summary>
    public ExchangeBindingAttribute(Type source, string routingKey = "")
    {
        Source = source;
        RoutingKey = routingKey;
    }

    /// <summary>Binds to an exchange by name (declared in this compilation or marked with <see cref="ExternalExchangeAttribute"/>).</summary>
    public ExchangeBindingAttribute(string sourceExchange, string routingKey = "")
    {
        SourceExchange = sourceExchange;
        RoutingKey = routingKey;
    }

    /// <summary>The source contract, when bound by type.</summary>
    public Type? Source { get; }

    /// <summary>The source exchange name, when bound by name.</summary>
    public string? SourceExchange { get; }

    /// <summary>The binding key.</summary>
    public string RoutingKey { get; }
}
