namespace TypedAmqp.Amqp10;

/// <summary>The begin performative (part 2 section 2.7.2, 0x11): starts a session on a channel, with its windows.</summary>
internal sealed class Amqp10Begin
{
    /// <summary>Set in the reply: the channel of the begin being answered.</summary>
    public ushort? RemoteChannel { get; init; }

    public required uint NextOutgoingId { get; init; }

    public required uint IncomingWindow { get; init; }

    public required uint OutgoingWindow { get; init; }

    /// <summary>The highest link handle this side accepts (default 4294967295).</summary>
    public uint? HandleMax { get; init; }

    public string[]? OfferedCapabilities { get; init; }

    public string[]? DesiredCapabilities { get; init; }

    public Amqp10Value? Properties { get; init; }

    public static Amqp10Begin Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Begin);
        ushort? remoteChannel = Amqp10Fields.ReadUShortOrNull(ref f);
        Amqp10Fields.Require(ref f, "begin", "next-outgoing-id");
        uint nextOutgoingId = f.ReadUInt();
        Amqp10Fields.Require(ref f, "begin", "incoming-window");
        uint incomingWindow = f.ReadUInt();
        Amqp10Fields.Require(ref f, "begin", "outgoing-window");
        uint outgoingWindow = f.ReadUInt();
        return new Amqp10Begin
        {
            RemoteChannel = remoteChannel,
            NextOutgoingId = nextOutgoingId,
            IncomingWindow = incomingWindow,
            OutgoingWindow = outgoingWindow,
            HandleMax = Amqp10Fields.ReadUIntOrNull(ref f),
            OfferedCapabilities = Amqp10Fields.ReadSymbolsOrNull(ref f),
            DesiredCapabilities = Amqp10Fields.ReadSymbolsOrNull(ref f),
            Properties = Amqp10Fields.ReadMapOrNull(ref f),
        };
    }

    public void Write(ref Amqp10Writer writer)
    {
        int count = Amqp10Fields.Count([
            RemoteChannel.HasValue, true, true, true, HandleMax.HasValue, OfferedCapabilities is not null,
            DesiredCapabilities is not null, Properties.HasValue]);
        writer.WriteDescriptor(Amqp10Descriptors.Begin);
        Amqp10Compound list = writer.BeginList();
        Amqp10Fields.WriteUShortOrNull(ref writer, RemoteChannel);
        writer.WriteUInt(NextOutgoingId);
        writer.WriteUInt(IncomingWindow);
        writer.WriteUInt(OutgoingWindow);
        if (count > 4) Amqp10Fields.WriteUIntOrNull(ref writer, HandleMax);
        if (count > 5) Amqp10Fields.WriteSymbolsOrNull(ref writer, OfferedCapabilities);
        if (count > 6) Amqp10Fields.WriteSymbolsOrNull(ref writer, DesiredCapabilities);
        if (count > 7) Amqp10Fields.WriteMapOrNull(ref writer, Properties);
        writer.EndList(list);
    }
}
