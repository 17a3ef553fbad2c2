namespace TypedAmqp.Amqp10;

/// <summary>
/// One entry of a receiver's filter set (part 3 section 3.5.8): a key naming it in the set, and the described value
/// the peer interprets. Helpers make the usual ones; any other is built with the constructor.
/// </summary>
/// <param name="Key">The entry's key in the filter set (a symbol).</param>
/// <param name="Descriptor">The filter's descriptor: a symbol such as <c>apache.org:selector-filter:string</c>, or a ulong code.</param>
/// <param name="Value">The filter's value, as its descriptor defines it.</param>
public sealed record Amqp10Filter(string Key, Amqp10Value Descriptor, Amqp10Value Value)
{
    /// <summary>The descriptor of a JMS-style selector: its value is the SQL-92 expression as a string.</summary>
    public const string SelectorDescriptor = "apache.org:selector-filter:string";

    /// <summary>The descriptor of the legacy JMS no-local filter: no messages published on this connection.</summary>
    public const string NoLocalDescriptor = "apache.org:no-local-filter:list";

    /// <summary>
    /// A message selector such as <c>color = 'red'</c>. Qpid Proton names the entry <c>selector</c> (the default here);
    /// Qpid JMS names it <c>jms-selector</c>. RabbitMQ 4.0 echoes a selector in its attach but does not apply it.
    /// </summary>
    /// <param name="expression">The SQL-92 expression.</param>
    /// <param name="key">The entry's key in the filter set.</param>
    /// <returns>The filter.</returns>
    public static Amqp10Filter Selector(string expression, string key = "selector")
    {
        ArgumentException.ThrowIfNullOrEmpty(expression);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new Amqp10Filter(key, Amqp10Value.Symbol(SelectorDescriptor), Amqp10Value.String(expression));
    }

    /// <summary>The legacy JMS no-local filter (an empty list described by <see cref="NoLocalDescriptor"/>), under the key <c>no-local</c>.</summary>
    /// <returns>The filter.</returns>
    public static Amqp10Filter NoLocal() => new("no-local", Amqp10Value.Symbol(NoLocalDescriptor), Amqp10Value.List());
}
