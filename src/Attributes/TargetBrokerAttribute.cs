namespace TypedAmqp;

/// <summary>
/// Names the RabbitMQ version the contracts of this assembly are deployed to, so the compile-time checks follow
/// that version's rules (for example quorum-queue priorities, allowed from 4.0). Without it the checks follow
/// RabbitMQ 4.x; the MSBuild property <c>TypedAmqpBrokerVersion</c> sets the same when the attribute is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
public sealed class TargetBrokerAttribute : Attribute
{
    /// <summary>Targets a RabbitMQ version written major.minor, such as "3.13" or "4.0".</summary>
    public TargetBrokerAttribute(string version)
    {
        Version = version;
    }

    /// <summary>The targeted RabbitMQ version, major.minor.</summary>
    public string Version { get; }
}
