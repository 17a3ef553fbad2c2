namespace TypedAmqp;

/// <summary>
/// The routing key a publisher method publishes with. <c>{Member}</c> placeholders are filled from the message's
/// property of that name (strings, numbers, Guid, enums), for example <c>"order.created.{Region}"</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RoutingKeyAttribute : Attribute
{
    /// <summary>Sets the routing-key template.</summary>
    public RoutingKeyAttribute(string template)
    {
        Template = template;
    }

    /// <summary>The routing-key template.</summary>
    public string Template { get; }
}
