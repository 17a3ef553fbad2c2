namespace TypedAmqp;

/// <summary>A free-form declare argument for the exchange or queue of the annotated interface, such as <c>x-queue-version</c>.</summary>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
public sealed class ArgumentAttribute : Attribute
{
    /// <summary>Sets argument <paramref name="name"/> to a string, number or boolean value.</summary>
    public ArgumentAttribute(string name, object value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The argument name.</summary>
    public string Name { get; }

    /// <summary>The argument value.</summary>
    public object Value { get; }
}
