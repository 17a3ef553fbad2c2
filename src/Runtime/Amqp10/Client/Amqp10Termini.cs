namespace TypedAmqp.Amqp10;

/// <summary>Turns the client's terminus options into the source and target an attach carries.</summary>
internal static class Amqp10Termini
{
    public static Amqp10Source Source(string? address, Amqp10ReceiverOptions options, bool dynamic)
    {
        Amqp10TerminusOptions terminus = options.Source ?? Empty;
        return new Amqp10Source
        {
            Address = address,
            Durable = (uint?)terminus.Durability,
            ExpiryPolicy = ExpiryPolicy(terminus.ExpiryPolicy),
            Timeout = Seconds(terminus.Timeout),
            Dynamic = dynamic ? true : null,
            DynamicNodeProperties = dynamic ? terminus.DynamicNodeProperties : null,
            DistributionMode = options.DistributionMode switch
            {
                Amqp10DistributionMode.Move => "move",
                Amqp10DistributionMode.Copy => "copy",
                _ => null,
            },
            Filter = FilterSet(options.Filters),
            Capabilities = terminus.Capabilities?.ToArray(),
        };
    }

    public static Amqp10Target Target(string? address, Amqp10SenderOptions options, bool dynamic)
    {
        Amqp10TerminusOptions terminus = options.Target ?? Empty;
        return new Amqp10Target
        {
            Address = address,
            Durable = (uint?)terminus.Durability,
            ExpiryPolicy = ExpiryPolicy(terminus.ExpiryPolicy),
            Timeout = Seconds(terminus.Timeout),
            Dynamic = dynamic ? true : null,
            DynamicNodeProperties = dynamic ? terminus.DynamicNodeProperties : null,
            Capabilities = terminus.Capabilities?.ToArray(),
        };
    }

    private static readonly Amqp10TerminusOptions Empty = new();

    private static string? ExpiryPolicy(Amqp10TerminusExpiryPolicy? policy) => policy switch
    {
        null => null,
        Amqp10TerminusExpiryPolicy.LinkDetach => "link-detach",
        Amqp10TerminusExpiryPolicy.SessionEnd => "session-end",
        Amqp10TerminusExpiryPolicy.ConnectionClose => "connection-close",
        Amqp10TerminusExpiryPolicy.Never => "never",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Not a terminus expiry policy."),
    };

    private static uint? Seconds(TimeSpan? timeout)
    {
        if (timeout is not { } t) return null;
        if (t < TimeSpan.Zero || t.TotalSeconds > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(timeout), t, "A terminus timeout is 0 to 2^32 - 1 seconds.");
        return (uint)t.TotalSeconds;
    }

    /// <summary>The filter-set map: each filter's key (a symbol) to its described value.</summary>
    private static Amqp10Value? FilterSet(IReadOnlyList<Amqp10Filter>? filters)
    {
        if (filters is null || filters.Count == 0) return null;
        var entries = new Amqp10Value[filters.Count * 2];
        for (int i = 0; i < filters.Count; i++)
        {
            entries[2 * i] = Amqp10Value.Symbol(filters[i].Key);
            entries[2 * i + 1] = Amqp10Value.Described(filters[i].Descriptor, filters[i].Value);
        }

        return Amqp10Value.Map(entries);
    }
}
