namespace TypedAmqp.Amqp10;

/// <summary>
/// The target of a link (part 3 section 3.5.4, descriptor 0x29): where messages go (a sender's address such as
/// RabbitMQ 4's <c>/queues/NAME</c>).
/// </summary>
internal sealed class Amqp10Target
{
    public string? Address { get; init; }

    public uint? Durable { get; init; }

    public string? ExpiryPolicy { get; init; }

    public uint? Timeout { get; init; }

    public bool? Dynamic { get; init; }

    public Amqp10Value? DynamicNodeProperties { get; init; }

    public string[]? Capabilities { get; init; }

    public static Amqp10Target Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Target);
        return new Amqp10Target
        {
            Address = Amqp10Fields.ReadStringOrNull(ref f),
            Durable = Amqp10Fields.ReadUIntOrNull(ref f),
            ExpiryPolicy = Amqp10Fields.ReadSymbolOrNull(ref f),
            Timeout = Amqp10Fields.ReadUIntOrNull(ref f),
            Dynamic = Amqp10Fields.ReadBooleanOrNull(ref f),
            DynamicNodeProperties = Amqp10Fields.ReadMapOrNull(ref f),
            Capabilities = Amqp10Fields.ReadSymbolsOrNull(ref f),
        };
    }

    public void Write(ref Amqp10Writer writer)
    {
        int count = Amqp10Fields.Count([
            Address is not null, Durable.HasValue, ExpiryPolicy is not null, Timeout.HasValue, Dynamic.HasValue,
            DynamicNodeProperties.HasValue, Capabilities is not null]);
        writer.WriteDescriptor(Amqp10Descriptors.Target);
        Amqp10Compound list = writer.BeginList();
        if (count > 0) Amqp10Fields.WriteStringOrNull(ref writer, Address);
        if (count > 1) Amqp10Fields.WriteUIntOrNull(ref writer, Durable);
        if (count > 2) Amqp10Fields.WriteSymbolOrNull(ref writer, ExpiryPolicy);
        if (count > 3) Amqp10Fields.WriteUIntOrNull(ref writer, Timeout);
        if (count > 4) Amqp10Fields.WriteBooleanOrNull(ref writer, Dynamic);
        if (count > 5) Amqp10Fields.WriteMapOrNull(ref writer, DynamicNodeProperties);
        if (count > 6) Amqp10Fields.WriteSymbolsOrNull(ref writer, Capabilities);
        writer.EndList(list);
    }
}
