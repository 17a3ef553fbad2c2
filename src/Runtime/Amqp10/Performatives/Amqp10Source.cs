namespace TypedAmqp.Amqp10;

/// <summary>
/// The source of a link (part 3 section 3.5.3, descriptor 0x28): where messages come from (a receiver's queue address
/// such as RabbitMQ 4's <c>/queues/NAME</c>) and how the node behaves. Attach is not a hot path: plain reference fields.
/// </summary>
internal sealed class Amqp10Source
{
    public string? Address { get; init; }

    /// <summary>terminus-durability: 0 none (the default), 1 configuration, 2 unsettled-state.</summary>
    public uint? Durable { get; init; }

    /// <summary>terminus-expiry-policy: link-detach, session-end (the default), connection-close, never.</summary>
    public string? ExpiryPolicy { get; init; }

    public uint? Timeout { get; init; }

    public bool? Dynamic { get; init; }

    public Amqp10Value? DynamicNodeProperties { get; init; }

    /// <summary>move or copy.</summary>
    public string? DistributionMode { get; init; }

    public Amqp10Value? Filter { get; init; }

    public Amqp10DeliveryState? DefaultOutcome { get; init; }

    public string[]? Outcomes { get; init; }

    public string[]? Capabilities { get; init; }

    public static Amqp10Source Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Source);
        return new Amqp10Source
        {
            Address = Amqp10Fields.ReadStringOrNull(ref f),
            Durable = Amqp10Fields.ReadUIntOrNull(ref f),
            ExpiryPolicy = Amqp10Fields.ReadSymbolOrNull(ref f),
            Timeout = Amqp10Fields.ReadUIntOrNull(ref f),
            Dynamic = Amqp10Fields.ReadBooleanOrNull(ref f),
            DynamicNodeProperties = Amqp10Fields.ReadMapOrNull(ref f),
            DistributionMode = Amqp10Fields.ReadSymbolOrNull(ref f),
            Filter = Amqp10Fields.ReadMapOrNull(ref f),
            DefaultOutcome = Amqp10DeliveryState.ReadOrNull(ref f),
            Outcomes = Amqp10Fields.ReadSymbolsOrNull(ref f),
            Capabilities = Amqp10Fields.ReadSymbolsOrNull(ref f),
        };
    }

    public void Write(ref Amqp10Writer writer)
    {
        int count = Amqp10Fields.Count([
            Address is not null, Durable.HasValue, ExpiryPolicy is not null, Timeout.HasValue, Dynamic.HasValue,
            DynamicNodeProperties.HasValue, DistributionMode is not null, Filter.HasValue, DefaultOutcome.HasValue,
            Outcomes is not null, Capabilities is not null]);
        writer.WriteDescriptor(Amqp10Descriptors.Source);
        Amqp10Compound list = writer.BeginList();
        if (count > 0) Amqp10Fields.WriteStringOrNull(ref writer, Address);
        if (count > 1) Amqp10Fields.WriteUIntOrNull(ref writer, Durable);
        if (count > 2) Amqp10Fields.WriteSymbolOrNull(ref writer, ExpiryPolicy);
        if (count > 3) Amqp10Fields.WriteUIntOrNull(ref writer, Timeout);
        if (count > 4) Amqp10Fields.WriteBooleanOrNull(ref writer, Dynamic);
        if (count > 5) Amqp10Fields.WriteMapOrNull(ref writer, DynamicNodeProperties);
        if (count > 6) Amqp10Fields.WriteSymbolOrNull(ref writer, DistributionMode);
        if (count > 7) Amqp10Fields.WriteMapOrNull(ref writer, Filter);
        if (count > 8) Amqp10DeliveryState.WriteOrNull(ref writer, DefaultOutcome);
        if (count > 9) Amqp10Fields.WriteSymbolsOrNull(ref writer, Outcomes);
        if (count > 10) Amqp10Fields.WriteSymbolsOrNull(ref writer, Capabilities);
        writer.EndList(list);
    }
}
