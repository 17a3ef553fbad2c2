namespace TypedAmqp;

/// <summary>
/// States that an exchange used in bindings is declared by someone else (another service, the broker's
/// <c>amq.*</c> exchanges), so binding to it by name is not a dangling reference.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class ExternalExchangeAttribute : Attribute
{
    /// <summary>Names an exchange declared elsewhere and its kind (used to check binding keys).</summary>
    public ExternalExchangeAttribute(string name, ExchangeKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The exchange name.</summary>
    public string Name { get; }

    /// <summary>The exchange kind.</summary>
    public ExchangeKind Kind { get; }
}
