namespace TypedAmqp;

/// <summary>The broker refused to open the virtual host: it does not exist or the user has no access to it.</summary>
public sealed class AmqpVirtualHostException : AmqpException
{
    /// <summary>Creates the exception for a virtual host and the broker's explanation.</summary>
    public AmqpVirtualHostException(string virtualHost, string brokerText)
        : base($"The broker refused virtual host '{virtualHost}': {brokerText}. Check that it exists and that the user has permissions on it.")
    {
        VirtualHost = virtualHost;
    }

    /// <summary>The virtual host that was refused.</summary>
    public string VirtualHost { get; }
}
