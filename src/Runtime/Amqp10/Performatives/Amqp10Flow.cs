namespace TypedAmqp.Amqp10;

/// <summary>
/// The flow performative (part 2 section 2.7.4, 0x13): the session's windows and, with a handle, a link's credit.
/// A struct of numbers (reading one allocates nothing unless it carries properties).
/// </summary>
internal readonly struct Amqp10Flow
{
    public uint? NextIncomingId { get; init; }

    public uint IncomingWindow { get; init; }

    public uint NextOutgoingId { get; init; }

    public uint OutgoingWindow { get; init; }

    /// <summary>Set when the flow is about a link as well as the session.</summary>
    public uint? Handle { get; init; }

    public uint? DeliveryCount { get; init; }

    public uint? LinkCredit { get; init; }

    public uint? Available { get; init; }

    public bool? Drain { get; init; }

    public bool? Echo { get; init; }

    public Amqp10Value? Properties { get; init; }

    public static Amqp10Flow Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Flow);
        uint? nextIncomingId = Amqp10Fields.ReadUIntOrNull(ref f);
        Amqp10Fields.Require(ref f, "flow", "incoming-window");
        uint incomingWindow = f.ReadUInt();
        Amqp10Fields.Require(ref f, "flow", "next-outgoing-id");
        uint nextOutgoingId = f.ReadUInt();
        Amqp10Fields.Require(ref f, "flow", "outgoing-window");
        uint outgoingWindow = f.ReadUInt();
        return new Amqp10Flow
        {
            NextIncomingId = nextIncomingId,
            IncomingWindow = incomingWindow,
            NextOutgoingId = nextOutgoingId,
            OutgoingWindow = outgoingWindow,
            Handle = Amqp10Fields.ReadUIntOrNull(ref f),
            DeliveryCount = Amqp10Fields.ReadUIntOrNull(ref f),
            LinkCredit = Amqp10Fields.ReadUIntOrNull(ref f),
            Available = Amqp10Fields.ReadUIntOrNull(ref f),
            Drain = Amqp10Fields.ReadBooleanOrNull(ref f),
            Echo = Amqp10Fields.ReadBooleanOrNull(ref f),
            Properties = Amqp10Fields.ReadMapOrNull(ref f),
        };
    }

    public void Write(ref Amqp10Writer writer)
    {
        int count = Amqp10Fields.Count([
            NextIncomingId.HasValue, true, true, true, Handle.HasValue, DeliveryCount.HasValue, LinkCredit.HasValue,
            Available.HasValue, Drain.HasValue, Echo.HasValue, Properties.HasValue]);
        writer.WriteDescriptor(Amqp10Descriptors.Flow);
        Amqp10Compound list = writer.BeginList();
        Amqp10Fields.WriteUIntOrNull(ref writer, NextIncomingId);
        writer.WriteUInt(IncomingWindow);
        writer.WriteUInt(NextOutgoingId);
        writer.WriteUInt(OutgoingWindow);
        if (count > 4) Amqp10Fields.WriteUIntOrNull(ref writer, Handle);
        if (count > 5) Amqp10Fields.WriteUIntOrNull(ref writer, DeliveryCount);
        if (count > 6) Amqp10Fields.WriteUIntOrNull(ref writer, LinkCredit);
        if (count > 7) Amqp10Fields.WriteUIntOrNull(ref writer, Available);
        if (count > 8) Amqp10Fields.WriteBooleanOrNull(ref writer, Drain);
        if (count > 9) Amqp10Fields.WriteBooleanOrNull(ref writer, Echo);
        if (count > 10) Amqp10Fields.WriteMapOrNull(ref writer, Properties);
        writer.EndList(list);
    }
}
