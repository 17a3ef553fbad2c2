namespace TypedAmqp.Amqp10;

/// <summary>The open performative (part 2 section 2.7.1, 0x10): negotiates the connection's limits and identity.</summary>
internal sealed class Amqp10Open
{
    public required string ContainerId { get; init; }

    /// <summary>The virtual host to reach; RabbitMQ takes <c>vhost:NAME</c>.</summary>
    public string? Hostname { get; init; }

    /// <summary>The largest frame this side accepts (default 4294967295).</summary>
    public uint? MaxFrameSize { get; init; }

    /// <summary>The highest channel number this side accepts (default 65535).</summary>
    public ushort? ChannelMax { get; init; }

    /// <summary>In milliseconds: how long this side waits for a frame before it closes the connection.</summary>
    public uint? IdleTimeOut { get; init; }

    public string[]? OutgoingLocales { get; init; }

    public string[]? IncomingLocales { get; init; }

    public string[]? OfferedCapabilities { get; init; }

    public string[]? DesiredCapabilities { get; init; }

    public Amqp10Value? Properties { get; init; }

    public static Amqp10Open Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Open);
        Amqp10Fields.Require(ref f, "open", "container-id");
        return new Amqp10Open
        {
            ContainerId = f.ReadString(),
            Hostname = Amqp10Fields.ReadStringOrNull(ref f),
            MaxFrameSize = Amqp10Fields.ReadUIntOrNull(ref f),
            ChannelMax = Amqp10Fields.ReadUShortOrNull(ref f),
            IdleTimeOut = Amqp10Fields.ReadUIntOrNull(ref f),
            OutgoingLocales = Amqp10Fields.ReadSymbolsOrNull(ref f),
            IncomingLocales = Amqp10Fields.ReadSymbolsOrNull(ref f),
            OfferedCapabilities = Amqp10Fields.ReadSymbolsOrNull(ref f),
            DesiredCapabilities = Amqp10Fields.ReadSymbolsOrNull(ref f),
            Properties = Amqp10Fields.ReadMapOrNull(ref f),
        };
    }

    public void Write(ref Amqp10Writer writer)
    {
        int count = Amqp10Fields.Count([
            true, Hostname is not null, MaxFrameSize.HasValue, ChannelMax.HasValue, IdleTimeOut.HasValue, OutgoingLocales is not null,
            IncomingLocales is not null, OfferedCapabilities is not null, DesiredCapabilities is not null, Properties.HasValue]);
        writer.WriteDescriptor(Amqp10Descriptors.Open);
        Amqp10Compound list = writer.BeginList();
        writer.WriteString(ContainerId);
        if (count > 1) Amqp10Fields.WriteStringOrNull(ref writer, Hostname);
        if (count > 2) Amqp10Fields.WriteUIntOrNull(ref writer, MaxFrameSize);
        if (count > 3) Amqp10Fields.WriteUShortOrNull(ref writer, ChannelMax);
        if (count > 4) Amqp10Fields.WriteUIntOrNull(ref writer, IdleTimeOut);
        if (count > 5) Amqp10Fields.WriteSymbolsOrNull(ref writer, OutgoingLocales);
        if (count > 6) Amqp10Fields.WriteSymbolsOrNull(ref writer, IncomingLocales);
        if (count > 7) Amqp10Fields.WriteSymbolsOrNull(ref writer, OfferedCapabilities);
        if (count > 8) Amqp10Fields.WriteSymbolsOrNull(ref writer, DesiredCapabilities);
        if (count > 9) Amqp10Fields.WriteMapOrNull(ref writer, Properties);
        writer.EndList(list);
    }
}
