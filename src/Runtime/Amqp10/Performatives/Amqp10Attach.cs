namespace TypedAmqp.Amqp10;

/// <summary>The attach performative (part 2 section 2.7.3, 0x12): attaches a link end to a session under a handle.</summary>
internal sealed class Amqp10Attach
{
    public required string Name { get; init; }

    public required uint Handle { get; init; }

    public required Amqp10Role Role { get; init; }

    public Amqp10SenderSettleMode? SenderSettleMode { get; init; }

    public Amqp10ReceiverSettleMode? ReceiverSettleMode { get; init; }

    /// <summary>Null both when absent and when the peer refuses the link (it then detaches at once with an error).</summary>
    public Amqp10Source? Source { get; init; }

    public Amqp10Target? Target { get; init; }

    public Amqp10Value? Unsettled { get; init; }

    public bool? IncompleteUnsettled { get; init; }

    /// <summary>Mandatory from a sender: the delivery-count its link starts at.</summary>
    public uint? InitialDeliveryCount { get; init; }

    public ulong? MaxMessageSize { get; init; }

    public string[]? OfferedCapabilities { get; init; }

    public string[]? DesiredCapabilities { get; init; }

    public Amqp10Value? Properties { get; init; }

    public static Amqp10Attach Read(ref Amqp10Reader reader)
    {
        Amqp10Reader f = Amqp10Fields.ReadComposite(ref reader, Amqp10Descriptors.Attach);
        Amqp10Fields.Require(ref f, "attach", "name");
        string name = f.ReadString();
        Amqp10Fields.Require(ref f, "attach", "handle");
        uint handle = f.ReadUInt();
        Amqp10Fields.Require(ref f, "attach", "role");
        Amqp10Role role = f.ReadBoolean() ? Amqp10Role.Receiver : Amqp10Role.Sender;
        var attach = new Amqp10Attach
        {
            Name = name,
            Handle = handle,
            Role = role,
            SenderSettleMode = (Amqp10SenderSettleMode?)Amqp10Fields.ReadUByteOrNull(ref f),
            ReceiverSettleMode = (Amqp10ReceiverSettleMode?)Amqp10Fields.ReadUByteOrNull(ref f),
            Source = Amqp10Fields.Present(ref f) ? Amqp10Source.Read(ref f) : null,
            Target = Amqp10Fields.Present(ref f) ? Amqp10Target.Read(ref f) : null,
            Unsettled = Amqp10Fields.ReadMapOrNull(ref f),
            IncompleteUnsettled = Amqp10Fields.ReadBooleanOrNull(ref f),
            InitialDeliveryCount = Amqp10Fields.ReadUIntOrNull(ref f),
            MaxMessageSize = Amqp10Fields.ReadULongOrNull(ref f),
            OfferedCapabilities = Amqp10Fields.ReadSymbolsOrNull(ref f),
            DesiredCapabilities = Amqp10Fields.ReadSymbolsOrNull(ref f),
            Properties = Amqp10Fields.ReadMapOrNull(ref f),
        };
        if (attach.SenderSettleMode > Amqp10SenderSettleMode.Mixed || attach.ReceiverSettleMode > Amqp10ReceiverSettleMode.Second)
        {
            throw new Amqp10ProtocolException(Amqp10Conditions.InvalidField, $"the attach of link '{name}' has an unknown settle mode");
        }

        return attach;
    }

    public void Write(ref Amqp10Writer writer)
    {
        int count = Amqp10Fields.Count([
            true, true, true, SenderSettleMode.HasValue, ReceiverSettleMode.HasValue, Source is not null, Target is not null,
            Unsettled.HasValue, IncompleteUnsettled.HasValue, InitialDeliveryCount.HasValue, MaxMessageSize.HasValue,
            OfferedCapabilities is not null, DesiredCapabilities is not null, Properties.HasValue]);
        writer.WriteDescriptor(Amqp10Descriptors.Attach);
        Amqp10Compound list = writer.BeginList();
        writer.WriteString(Name);
        writer.WriteUInt(Handle);
        writer.WriteBoolean(Role == Amqp10Role.Receiver);
        if (count > 3) Amqp10Fields.WriteUByteOrNull(ref writer, (byte?)SenderSettleMode);
        if (count > 4) Amqp10Fields.WriteUByteOrNull(ref writer, (byte?)ReceiverSettleMode);
        if (count > 5)
        {
            if (Source is null) writer.WriteNull();
            else Source.Write(ref writer);
        }

        if (count > 6)
        {
            if (Target is null) writer.WriteNull();
            else Target.Write(ref writer);
        }

        if (count > 7) Amqp10Fields.WriteMapOrNull(ref writer, Unsettled);
        if (count > 8) Amqp10Fields.WriteBooleanOrNull(ref writer, IncompleteUnsettled);
        if (count > 9) Amqp10Fields.WriteUIntOrNull(ref writer, InitialDeliveryCount);
        if (count > 10) Amqp10Fields.WriteULongOrNull(ref writer, MaxMessageSize);
        if (count > 11) Amqp10Fields.WriteSymbolsOrNull(ref writer, OfferedCapabilities);
        if (count > 12) Amqp10Fields.WriteSymbolsOrNull(ref writer, DesiredCapabilities);
        if (count > 13) Amqp10Fields.WriteMapOrNull(ref writer, Properties);
        writer.EndList(list);
    }
}
